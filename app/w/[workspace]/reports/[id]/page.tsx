import type { Metadata } from "next";
import { withCaller } from "@/app/_lib/server";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { Section } from "@/app/_components/ui/section";
import { buttonClass } from "@/app/_components/ui/button";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { ReportStatusBadge } from "../_components/status";
import { ReportEditor } from "./editor";
import { ShareLinks } from "./share-links";
import { PromoteButton } from "@/app/w/[workspace]/notebooks/_components/promote-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Report" };

/** One report: the frozen report as leadership sees it, plus editing, share links and downloads. */
export default async function ReportPage({ params }: { params: Promise<{ workspace: string; id: string }> }) {
  const { workspace: workspaceSlug, id } = await params;
  const [workspace, report, preview, links, decisions] = await Promise.all([
    getWorkspace(workspaceSlug),
    withCaller((c) => c.report.get({ workspaceSlug, id })),
    withCaller((c) => c.report.preview({ workspaceSlug, id })),
    withCaller((c) => c.report.links({ workspaceSlug, id })),
    withCaller((c) => c.report.comparisons({ workspaceSlug, id })),
  ]);
  const runbooks = await withCaller((c) => c.runbook.list({ workspaceSlug, modelSlug: report.model.slug }));
  const editor = canEdit(workspace.role);
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: "Reports", href: `/w/${workspaceSlug}/reports` }, { label: report.model.slug, href: `/w/${workspaceSlug}/reports?model=${report.model.slug}`, mono: true }]} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <ReportStatusBadge status={report.status} labelled />
          <span className="text-xs text-zinc-500">
            frozen from run <span className="font-mono">{report.runId}</span>
          </span>
        </div>
        <div className="flex flex-wrap gap-2">
          <a className={buttonClass("secondary", "sm")} href={`/api/reports/${id}/export?format=html`} download>
            Download HTML
          </a>
          <a className={buttonClass("secondary", "sm")} href={`/api/reports/${id}/export?format=pdf`} download>
            Download PDF
          </a>
        </div>
      </div>
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_380px]">
        <article className="min-w-0 rounded-lg border border-zinc-200 bg-zinc-100" aria-label="Report">
          <style>{preview.css}</style>
          <div dangerouslySetInnerHTML={{ __html: preview.body }} />
        </article>
        <aside className="min-w-0 space-y-4">
          {decisions.comparisons.length > 0 && (
            <Section id="decide" title="Decide on the comparison" description="Promote the candidate on this report's evidence: the model's audit trail links this report and the verdicts below it.">
              <ul className="space-y-3" data-testid="report-comparisons">
                {decisions.comparisons.map((c) => (
                  <li key={c.cellId} className="space-y-1.5" data-testid={`report-comparison-${c.cellId}`}>
                    <p className="text-sm font-medium text-zinc-900">{c.title}</p>
                    {c.candidate ? (
                      <PromoteButton
                        workspaceSlug={workspaceSlug}
                        source={{ kind: "report", reportId: id }}
                        cellId={c.cellId}
                        modelSlug={report.model.slug}
                        candidate={c.candidate}
                        versions={decisions.versions}
                        result={c.result}
                        editor={editor}
                      />
                    ) : (
                      <p className="text-xs text-zinc-500">Nothing to promote: {c.reason}</p>
                    )}
                  </li>
                ))}
              </ul>
            </Section>
          )}
          <Section id="share" title="Share links" description="For people without an account: read-only, this report only.">
            <ShareLinks
              workspaceSlug={workspaceSlug}
              reportId={id}
              editor={editor}
              links={links.map((l) => ({
                ...l,
                createdAt: l.createdAt.toISOString(),
                expiresAt: l.expiresAt?.toISOString() ?? null,
                lastOpenedAt: l.lastOpenedAt?.toISOString() ?? null,
              }))}
            />
          </Section>
          {editor && (
            <Section id="edit" title="Edit report" description="The numbers are frozen; the words and the selection are yours.">
              <ReportEditor
                workspaceSlug={workspaceSlug}
                id={id}
                title={report.title}
                narrative={report.narrative}
                cells={report.cells}
                cellOrder={report.cellOrder}
                runbooks={runbooks}
                attached={report.runbooks.map((b) => b.id)}
              />
            </Section>
          )}
        </aside>
      </div>
    </div>
  );
}
