import type { Metadata } from "next";
import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { PageHeader } from "@/app/_components/ui/section";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { DataTable } from "@/app/_components/ui/table";
import { Button } from "@/app/_components/ui/button";
import { Select } from "@/app/_components/ui/input";
import { IncidentStateBadge, RedLineBadge, SeverityBadge } from "./_components/badges";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incidents" };

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
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Filter incidents">
        <label className="text-xs text-zinc-600">
          State
          <Select name="state" defaultValue={state} className="mt-1 w-52">
            <option value="active">open or acknowledged</option>
            <option value="open">open</option>
            <option value="acknowledged">acknowledged</option>
            <option value="resolved">resolved</option>
            <option value="any">any</option>
          </Select>
        </label>
        <label className="text-xs text-zinc-600">
          Model
          <Select name="model" defaultValue={f.model ?? ""} className="mt-1 w-44">
            <option value="">all models</option>
            {facets.models.map((m) => (
              <option key={m.slug} value={m.slug}>
                {m.name}
              </option>
            ))}
          </Select>
        </label>
        <label className="text-xs text-zinc-600">
          Severity
          <Select name="severity" defaultValue={severity ?? ""} className="mt-1 w-32">
            <option value="">any</option>
            <option value="critical">critical</option>
            <option value="warning">warning</option>
            <option value="info">info</option>
          </Select>
        </label>
        <label className="text-xs text-zinc-600">
          Owner
          <Select name="owner" defaultValue={f.owner ?? ""} className="mt-1 w-48">
            <option value="">anyone</option>
            {facets.owners.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </Select>
        </label>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
      </form>
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
                <div className="min-w-0">
                  <Link href={`/w/${workspaceSlug}/incidents/${r.id}`} className="font-medium text-zinc-900 hover:underline">
                    {r.title}
                  </Link>
                  <p className="mt-0.5 text-xs text-zinc-500">
                    {r.guardrail.name}
                    {r.cohort !== "all" ? ` · cohort ${r.cohort}` : ""} · {r.breaches} breach{r.breaches === 1 ? "" : "es"}
                    {r.guardrail.runbooks ? ` · ${r.guardrail.runbooks} runbook${r.guardrail.runbooks === 1 ? "" : "s"}` : ""}
                  </p>
                </div>
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
