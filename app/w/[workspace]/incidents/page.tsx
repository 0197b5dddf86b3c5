import type { Metadata } from "next";
import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { PageHeader } from "@/app/_components/ui/section";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { DataTable, TitleCell } from "@/app/_components/ui/table";
import { FilterBar, FilterSelect } from "@/app/_components/ui/filter-bar";
import { IncidentStateBadge, RedLineBadge, SeverityBadge } from "./_components/badges";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidents" };

const STATE_CHOICES = [{ value: "active", label: "open or acknowledged" }, "open", "acknowledged", "resolved", "any"];

type Filters = { model?: string; state?: string; severity?: string; owner?: string };

/** The workspace's incidents inbox: open and acknowledged first; filters live in the URL (a GET form). */
export default async function IncidentsPage({ params, searchParams }: { params: Promise<{ workspace: string }>; searchParams: Promise<Filters> }) {
  const { workspace: workspaceSlug } = await params;
  const f = await searchParams;
  const state = (["active", "open", "acknowledged", "resolved", "any"] as const).find((s) => s === f.state) ?? "active";
  const severity = (["info", "warning", "critical"] as const).find((s) => s === f.severity);
  const [list, facets] = await Promise.all([
    withCaller((c) => c.incident.list({ workspaceSlug, state, severity, model: f.model || undefined, owner: f.owner || undefined, limit: 100 })),
    withCaller((c) => c.incident.facets({ workspaceSlug })),
  ]);
  return (
    <div className="space-y-4">
      <PageHeader title="Incidents" subtitle="Guardrails that fired, one incident per guardrail and cohort while it is open. Red lines can roll a model back." />
      <FilterBar label="Filter incidents">
        <FilterSelect label="State" name="state" defaultValue={state} className="w-52" choices={STATE_CHOICES} />
        <FilterSelect label="Model" name="model" defaultValue={f.model ?? ""} className="w-44" choices={[{ value: "", label: "all models" }, ...facets.models.map((m) => ({ value: m.slug, label: m.name }))]} />
        <FilterSelect label="Severity" name="severity" defaultValue={severity ?? ""} className="w-32" choices={[{ value: "", label: "any" }, "critical", "warning", "info"]} />
        <FilterSelect label="Owner" name="owner" defaultValue={f.owner ?? ""} className="w-48" choices={[{ value: "", label: "anyone" }, ...facets.owners]} />
      </FilterBar>
      {list.items.length === 0 ? (
        <EmptyState title={state === "active" ? "No open incidents" : "No incidents match"}>
          Guardrails open an incident when a run crosses their fail line. Add guardrails on a model page or next to a result.
        </EmptyState>
      ) : (
        <DataTable
          testId="incidents-table"
          caption="Incidents, newest first"
          rows={list.items}
          rowKey={(r) => r.id}
          columns={[
            {
              key: "title",
              header: "Incident",
              render: (r) => (
                <TitleCell href={`/w/${workspaceSlug}/incidents/${r.id}`} title={r.title}>
                  {r.guardrail.name}
                  {r.cohort !== "all" ? ` · cohort ${r.cohort}` : ""} · {r.breaches} breach{r.breaches === 1 ? "" : "es"}
                  {r.guardrail.runbooks ? ` · ${r.guardrail.runbooks} runbook${r.guardrail.runbooks === 1 ? "" : "s"}` : ""}
                </TitleCell>
              ),
            },
            {
              key: "state",
              header: "State",
              render: (r) => (
                <span className="flex flex-wrap gap-1">
                  <IncidentStateBadge state={r.state} />
                  {r.redLine && <RedLineBadge />}
                </span>
              ),
            },
            { key: "severity", header: "Severity", className: "hidden sm:table-cell", render: (r) => <SeverityBadge severity={r.severity} /> },
            {
              key: "model",
              header: "Model",
              className: "hidden md:table-cell",
              render: (r) =>
                r.model && (
                  <Link href={`/w/${workspaceSlug}/models/${r.model.slug}`} className="font-mono text-xs text-zinc-700 hover:underline">
                    {r.model.slug}
                  </Link>
                ),
            },
            { key: "owner", header: "On-call", className: "hidden lg:table-cell", render: (r) => <span className="text-xs text-zinc-600">{r.assignee}</span> },
            { key: "opened", header: "Opened", align: "right", render: (r) => <RelativeTime value={r.createdAt} /> },
          ]}
        />
      )}
    </div>
  );
}
