/**
 * One notification per run per guardrail: every incident change a guardrail has in one run
 * (twelve breaching features, three cohorts…) goes out as ONE grouped event, written to the outbox
 * inside the evaluation's transaction. Only state changes are sent (plus renotify when due).
 */
import type { Guardrail, Prisma } from "../../generated/prisma/client";
import { appUrl } from "../../env";
import { enqueueNotifications, enqueueNotificationsMany, type NotificationEvent } from "../../notifications/outbox";
import { describeGuardrail } from "../guardrails/describe";
import type { NewEvent } from "./bulk";

type Tx = Prisma.TransactionClient;

export interface GroupChange {
  kind: "opened" | "updated" | "resolved" | "flapping";
  incidentId: string | null;
  cohort: string;
  value: number | null;
  title: string;
  breachingColumns: { column: string; value: number }[];
}

const PRIORITY: GroupChange["kind"][] = ["opened", "updated", "resolved", "flapping"];
const KIND: Record<GroupChange["kind"], NotificationEvent["kind"]> = {
  opened: "incident.opened",
  updated: "incident.updated",
  resolved: "incident.resolved",
  flapping: "guardrail.flapping",
};

function fmt(v: number | null): string {
  return v === null ? "n/a" : Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(3)).toString();
}

export function buildGroupEvent(input: {
  guardrail: Pick<Guardrail, "id" | "name" | "metric" | "column" | "op" | "fail" | "warn" | "severity" | "cohortMode" | "notebookId" | "cellId">;
  model: { slug: string; name: string };
  workspaceId: string;
  workspaceSlug: string;
  runId: string;
  changes: GroupChange[];
  runbooks: { title: string; url: string }[];
}): NotificationEvent {
  const { guardrail: g, changes } = input;
  const lead = [...changes].sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind))[0]!;
  const groupKey = lead.incidentId ?? `guardrail:${g.id}`;
  const what = describeGuardrail(g);
  const cohorts = changes.map((c) => c.cohort);
  const verb = { opened: "breached", updated: "still breached", resolved: "recovered", flapping: "is flapping" }[lead.kind];
  const columns = [...new Set(changes.flatMap((c) => c.breachingColumns.map((b) => b.column)))];
  const summary = [
    `${input.model.name}: ${what} ${verb}${cohorts.length > 1 || cohorts[0] !== "all" ? ` for ${cohorts.join(", ")}` : ""}.`,
    ...changes.map((c) => `${c.cohort}: ${g.metric} = ${fmt(c.value)} (${c.kind})`),
    ...(columns.length ? [`Columns past the line: ${columns.slice(0, 20).join(", ")}${columns.length > 20 ? ` and ${columns.length - 20} more` : ""}.`] : []),
  ].join("\n");
  return {
    kind: KIND[lead.kind],
    workspaceId: input.workspaceId,
    severity: lead.kind === "resolved" ? "info" : (g.severity as NotificationEvent["severity"]),
    groupKey,
    eventKey: `${groupKey}:${lead.kind}:${input.runId}`,
    title: `${input.model.name}: ${g.name} ${verb}`,
    summary,
    url: lead.incidentId ? `${appUrl()}/w/${input.workspaceSlug}/incidents/${lead.incidentId}` : `${appUrl()}/w/${input.workspaceSlug}/models/${input.model.slug}`,
    model: { slug: input.model.slug, name: input.model.name },
    details: {
      guardrailId: g.id,
      guardrail: g.name,
      metric: g.metric,
      column: g.column,
      op: g.op,
      warn: g.warn,
      fail: g.fail,
      runId: input.runId,
      notebookId: g.notebookId,
      cellId: g.cellId,
      changes: changes.map((c) => ({ kind: c.kind, incidentId: c.incidentId, cohort: c.cohort, value: c.value, columns: c.breachingColumns.slice(0, 20) })),
    },
    runbooks: input.runbooks,
  };
}

type GroupInput = Parameters<typeof buildGroupEvent>[0] & { skipOutbox?: boolean };

/**
 * Enqueues each group's one event (none for a group marked skipOutbox: its workspace has no
 * channel at all), all groups of a run in one batch, and returns the "notified" timeline events
 * for each incident of each group, for the caller to write in bulk.
 */
export async function notifyGroups(tx: Tx, inputs: GroupInput[]): Promise<{ events: NewEvent[]; incidentIds: string[] }> {
  const built = inputs.map((input) => ({ input, event: buildGroupEvent(input) }));
  const sent = built.filter((b) => !b.input.skipOutbox);
  const counts = await enqueueNotificationsMany(tx, sent.map((b) => b.event));
  const deliveriesOf = new Map(sent.map((b, i) => [b, counts[i]!]));
  const events: NewEvent[] = [];
  const incidentIds: string[] = [];
  for (const b of built) {
    const deliveries = deliveriesOf.get(b) ?? 0;
    const ids = [...new Set(b.input.changes.flatMap((c) => (c.incidentId ? [c.incidentId] : [])))];
    incidentIds.push(...ids);
    for (const id of ids)
      events.push({
        incidentId: id,
        kind: "notified",
        runId: b.input.runId,
        value: null,
        actorLabel: "notifications",
        body: deliveries ? `${b.event.kind} sent to ${deliveries} channel${deliveries === 1 ? "" : "s"}` : `${b.event.kind}: no notification channel matches`,
        data: { eventKey: b.event.eventKey, groupKey: b.event.groupKey, deliveries },
        dedupeKey: `${id}:notified:${b.event.eventKey}`,
      });
  }
  return { events, incidentIds: [...new Set(incidentIds)] };
}

/**
 * A person acknowledged or resolved an incident: one event to the channels that heard of it (the
 * outbox routes a groupKey's later events to every channel its earlier ones reached), so a
 * PagerDuty incident is acknowledged or resolved there too. Written in the caller's transaction.
 */
export async function notifyManualChange(
  tx: Tx,
  incident: { id: string; workspaceId: string; modelId: string; guardrailId: string; title: string; severity: string; cohort: string },
  change: { kind: "acknowledged" | "resolved"; actorLabel: string; note: string },
): Promise<number> {
  const [model, workspace, guardrail] = await Promise.all([
    tx.model.findUniqueOrThrow({ where: { id: incident.modelId }, select: { slug: true, name: true } }),
    tx.workspace.findUniqueOrThrow({ where: { id: incident.workspaceId }, select: { slug: true } }),
    tx.guardrail.findUniqueOrThrow({ where: { id: incident.guardrailId }, select: { runbookIds: true } }),
  ]);
  const runbookIds = JSON.parse(guardrail.runbookIds) as string[];
  const runbooks = runbookIds.length ? await tx.runbook.findMany({ where: { id: { in: runbookIds } }, select: { id: true, title: true } }) : [];
  const base = `${appUrl()}/w/${workspace.slug}`;
  const deliveries = await enqueueNotifications(tx, {
    kind: change.kind === "acknowledged" ? "incident.acknowledged" : "incident.resolved",
    workspaceId: incident.workspaceId,
    severity: change.kind === "resolved" ? "info" : (incident.severity as NotificationEvent["severity"]),
    groupKey: incident.id,
    eventKey: `${incident.id}:${change.kind}:manual`,
    title: `${model.name}: ${incident.title} ${change.kind} by ${change.actorLabel}`,
    summary: `${incident.title} (${incident.cohort}) was ${change.kind} by ${change.actorLabel}.${change.note ? `\n${change.note}` : ""}`,
    url: `${base}/incidents/${incident.id}`,
    model,
    details: { incidentId: incident.id, cohort: incident.cohort, by: change.actorLabel, note: change.note },
    runbooks: runbooks.map((r) => ({ title: r.title, url: `${base}/models/${model.slug}/runbooks/${r.id}` })),
  });
  return deliveries;
}
