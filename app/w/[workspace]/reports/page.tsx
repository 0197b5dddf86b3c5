import type { Metadata } from "next";
import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "../_data";
import { PageHeader, Section } from "@/app/_components/ui/section";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { DataTable, TitleCell } from "@/app/_components/ui/table";
import { Badge } from "@/app/_components/ui/badge";
import { ReportStatusBadge } from "./_components/status";
import { NewReportForm } from "./_components/new-report";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Reports" };

/** Reports of the workspace (or of one model with ?model=slug), newest first; "Create report" from a finished run (?run=id preselects it). */
export default async function ReportsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<{ model?: string; run?: string }> }) {
  const { workspace: workspaceSlug } = await params;
  const { model, run } = await searchParams;
  const [workspace, reports, runs] = await Promise.all([
    getWorkspace(workspaceSlug),
    withCaller((c) => c.report.list({ workspaceSlug, modelSlug: model || undefined })),
    withCaller((c) => c.report.runs({ workspaceSlug, modelSlug: model || undefined })),
  ]);
  const editor = canEdit(workspace.role);
  const runOptions = runs.map((r) => ({
    id: r.id,
    label: `${r.notebook.model.name} · ${r.notebook.title} · ${r.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC${r.status === "failed" ? " (partial)" : ""}`,
  }));
  return (
    <div className="space-y-4">
      <PageHeader
        title={model ? <>Reports · <span className="font-mono">{model}</span></> : "Reports"}
        subtitle={
          model ? (
            <>
              Reports of one model. <Link className="text-sky-700 hover:underline" href={`/w/${workspaceSlug}/reports`}>All reports</Link> ·{" "}
              <Link className="text-sky-700 hover:underline" href={`/w/${workspaceSlug}/models/${model}`}>Model page</Link>
            </>
          ) : (
            "Frozen snapshots of notebook runs, for leadership: share a link, download HTML or PDF."
          )
        }
      />
      {editor && (
        <Section id="new-report" title="Create report" description="Pick a finished run. Its values, cohorts, charts, window and versions are frozen into the report.">
          <NewReportForm workspaceSlug={workspaceSlug} runs={runOptions} initialRunId={run} />
        </Section>
      )}
      {reports.length === 0 ? (
        <EmptyState title="No reports yet">{editor ? "Create one from a finished run above." : "Editors create reports from finished notebook runs."}</EmptyState>
      ) : (
        <DataTable
          testId="reports-table"
          caption="Reports, newest first"
          rows={reports}
          rowKey={(r) => r.id}
          columns={[
            {
              key: "title",
              header: "Report",
              render: (r) => (
                <TitleCell href={`/w/${workspaceSlug}/reports/${r.id}`} title={r.title} clamp="line-clamp-2">
                  {r.headline}
                </TitleCell>
              ),
            },
            { key: "status", header: "Status", render: (r) => <ReportStatusBadge status={r.status} /> },
            {
              key: "model",
              header: "Model",
              className: "hidden md:table-cell",
              render: (r) => (
                <Link href={`/w/${workspaceSlug}/reports?model=${r.model.slug}`} className="font-mono text-xs text-zinc-700 hover:underline">
                  {r.model.slug}
                </Link>
              ),
            },
            { key: "links", header: "Links", align: "right", className: "hidden sm:table-cell", render: (r) => (r.activeLinks ? <Badge tone="info">{r.activeLinks} active</Badge> : <span className="text-zinc-600">—</span>) },
            {
              key: "created",
              header: "Created",
              align: "right",
              render: (r) => (
                <span className="text-xs whitespace-nowrap text-zinc-600">
                  <RelativeTime value={r.createdAt} />
                  <span className="hidden lg:inline"> · {r.createdByLabel}</span>
                </span>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
