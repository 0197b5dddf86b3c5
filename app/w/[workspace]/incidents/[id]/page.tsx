import type { Metadata } from "next";
import Link from "next/link";
import { withCaller } from "@/app/_lib/server";
import { Section } from "@/app/_components/ui/section";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { Badge } from "@/app/_components/ui/badge";
import { Breadcrumbs } from "@/app/_components/ui/breadcrumbs";
import { canEdit, getWorkspace } from "@/app/w/[workspace]/_data";
import { IncidentStateBadge, RedLineBadge, SeverityBadge } from "../_components/badges";
import { IncidentChart } from "../_components/incident-chart";
import { IncidentActions } from "../_components/incident-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Incident" };

const KIND_LABEL: Record<string, string> = {
  fired: "Fired",
  breach: "Breached again",
  notified: "Notified",
  reminder: "Reminder sent",
  acknowledged: "Acknowledged",
  comment: "Comment",
  flapping: "Flapping",
  rollback_requested: "Rollback requested",
  rollback_answered: "Rollback answered",
  resolved: "Resolved",
};

function fmt(v: number | null | undefined): string {
  if (v === null || v === undefined) return "n/a";
  return Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(4)).toString();
}

/** One incident: what fired it (runs and values, the chart with thresholds), its runbooks, its timeline, actions. */
export default async function IncidentPage({ params }: { params: Promise<{ workspace: string; id: string }> }) {
  const { workspace: workspaceSlug, id } = await params;
  const [workspace, incident] = await Promise.all([getWorkspace(workspaceSlug), withCaller((c) => c.incident.get({ workspaceSlug, id }))]);
  const editor = canEdit(workspace.role);
  const g = incident.guardrail;
  const firing = incident.history.filter((h) => h.fired);
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: "Incidents", href: `/w/${workspaceSlug}/incidents` }, { label: incident.id.slice(-8), mono: true }]} />
      <div className="min-w-0">
        <h1 className="text-lg font-semibold break-words text-zinc-900" data-testid="incident-title">
          {incident.title}
        </h1>
        <div className="mt-1 flex flex-wrap items-center gap-1.5 text-sm text-zinc-500">
          <IncidentStateBadge state={incident.state} />
          <SeverityBadge severity={incident.severity} />
          {incident.redLine && <RedLineBadge />}
          {incident.cohort !== "all" && <Badge tone="plain">cohort {incident.cohort}</Badge>}
          <span>
            · <Link href={`/w/${workspaceSlug}/models/${incident.model.slug}`} className="font-mono hover:underline">{incident.model.slug}</Link> · on-call {incident.assignee} · opened <RelativeTime value={incident.createdAt} />
          </span>
        </div>
      </div>

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="space-y-4 lg:col-span-2">
          <Section id="what-fired" title="What fired it" description={<>Guardrail <span className="font-medium text-zinc-700">{g.name}</span>: {g.description}{g.warn !== null ? ` (warn at ${g.warn})` : ""}, evaluated by “{g.notebook.title}” cell <span className="font-mono">{g.cellId}</span>.</>}>
            {incident.history.length > 0 ? (
              <IncidentChart points={incident.history} metric={g.metric} warn={g.warn} fail={g.fail} />
            ) : (
              <p className="text-sm text-zinc-500">No values recorded.</p>
            )}
            <table className="mt-3 w-full text-sm" data-testid="firing-runs">
              <thead>
                <tr className="border-b border-zinc-100 text-left text-xs text-zinc-500">
                  <th className="py-1.5 font-medium">Run</th>
                  <th className="py-1.5 text-right font-medium">{g.metric}</th>
                  <th className="hidden py-1.5 text-right font-medium sm:table-cell">n</th>
                  <th className="py-1.5 text-right font-medium">When</th>
                </tr>
              </thead>
              <tbody>
                {firing.map((h) => (
                  <tr key={h.runId} className="border-b border-zinc-50 last:border-0">
                    <td className="py-1.5">
                      <Link href={`/w/${workspaceSlug}/models/${incident.model.slug}/notebooks/${g.notebook.id}?run=${h.runId}`} className="font-mono text-xs text-sky-700 hover:underline">
                        {h.runId.slice(-8)}
                      </Link>
                    </td>
                    <td className="py-1.5 text-right tabular-nums">
                      {fmt(h.value)}
                      {h.low !== null && h.high !== null && <span className="ml-1 text-xs text-zinc-500">[{fmt(h.low)}, {fmt(h.high)}]</span>}
                    </td>
                    <td className="hidden py-1.5 text-right tabular-nums text-zinc-600 sm:table-cell">{h.n ?? "—"}</td>
                    <td className="py-1.5 text-right text-xs text-zinc-500">
                      <RelativeTime value={h.at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>

          <Section id="timeline" title="Timeline">
            <ol className="space-y-3" data-testid="timeline">
              {incident.timeline.map((e) => (
                <li key={e.id} className="flex gap-3 text-sm">
                  <span className="mt-1.5 size-2 shrink-0 rounded-full bg-zinc-300" aria-hidden />
                  <div className="min-w-0">
                    <p>
                      <span className="font-medium text-zinc-900">{KIND_LABEL[e.kind] ?? e.kind}</span>
                      {e.actorLabel && <span className="text-zinc-500"> · {e.actorLabel}</span>}
                      {e.value !== null && <span className="text-zinc-500 tabular-nums"> · {g.metric} = {fmt(e.value)}</span>}
                      <span className="text-xs text-zinc-400"> · <RelativeTime value={e.createdAt} /></span>
                    </p>
                    {e.body && <p className="mt-0.5 break-words whitespace-pre-wrap text-zinc-600">{e.body}</p>}
                  </div>
                </li>
              ))}
            </ol>
          </Section>
        </div>

        <div className="space-y-4">
          <Section id="runbooks" title="Runbooks" description="What to check first, linked to this guardrail.">
            {incident.runbooks.length === 0 ? (
              <p className="text-sm text-zinc-500">This guardrail names no runbook. Editors link runbooks when they edit the guardrail.</p>
            ) : (
              <ul className="space-y-1 text-sm" data-testid="incident-runbooks">
                {incident.runbooks.map((r) => (
                  <li key={r.id}>
                    <Link href={`/w/${workspaceSlug}/models/${incident.model.slug}/runbooks/${r.id}`} className="text-sky-700 hover:underline">
                      {r.title}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {incident.rollback && (
            <Section id="rollback" title="Rollback" description={`Mode: ${incident.rollback.mode.replace("_", " ")}`}>
              <dl className="space-y-1 text-sm">
                <div className="flex flex-wrap items-center gap-1">
                  <dt className="text-zinc-500">Versions</dt>
                  <dd className="flex items-center gap-1">
                    <span className="font-mono">{incident.rollback.fromVersion || "—"}</span> → <span className="font-mono">{incident.rollback.toVersion || "—"}</span>
                  </dd>
                </div>
                {/* what the stages do, not badges: "v3.2 retired → v3.1 production" read as the current stages */}
                <p className="text-xs text-zinc-500" data-testid="rollback-stages">
                  {incident.rollback.status === "succeeded"
                    ? `${incident.rollback.fromVersion} was retired and ${incident.rollback.toVersion} put back in production.`
                    : `A 2xx answer retires ${incident.rollback.fromVersion || "the production version"} and puts ${incident.rollback.toVersion || "the previous one"} back in production; until then the stages do not change.`}
                </p>
                <div>
                  <dt className="inline text-zinc-500">Status </dt>
                  <dd className="inline" data-testid="rollback-status">
                    {incident.rollback.status.replace(/_/g, " ")}
                    {incident.rollback.responseStatus !== null ? ` (HTTP ${incident.rollback.responseStatus})` : ""}
                  </dd>
                </div>
                {incident.rollback.error && <p className="text-red-700">{incident.rollback.error}</p>}
                <div className="break-all text-xs text-zinc-500">{incident.rollback.url}</div>
              </dl>
              {incident.rollback.mode === "dry_run" && (
                <details className="mt-2 text-xs">
                  <summary className="cursor-pointer text-zinc-600">What would have been sent</summary>
                  <pre tabIndex={0} className="mt-1 overflow-x-auto rounded bg-zinc-50 p-2">{JSON.stringify(incident.rollback.payload, null, 2)}</pre>
                </details>
              )}
            </Section>
          )}
          <Section id="notified" title="Notified">
            {incident.deliveries.length === 0 ? (
              <p className="text-sm text-zinc-500">No notification channel received this incident.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {incident.deliveries.map((d) => (
                  <li key={d.id} className="flex flex-wrap items-center gap-1.5">
                    <span className="font-medium">{d.channel}</span>
                    <span className="text-xs text-zinc-500">{d.channelKind} · {d.eventKind}</span>
                    <Badge tone={d.status === "sent" ? "pass" : d.status === "failed" ? "fail" : "info"}>{d.status}</Badge>
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {editor && (
            <Section id="actions" title="Act">
              <IncidentActions workspaceSlug={workspaceSlug} id={incident.id} state={incident.state} rollback={incident.rollback} />
            </Section>
          )}
        </div>
      </div>
    </div>
  );
}
