/**
 * Incident writes that happen inside the guardrail evaluation's transaction: open (or append to the
 * open one), resolve, and timeline events. One open incident per (guardrail, cohort) is enforced by
 * the unique `openKey`; run-driven events carry a `dedupeKey`, so evaluating a run again writes nothing.
 */
import type { Prisma } from "../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export function openKeyOf(guardrailId: string, cohort: string): string {
  return `${guardrailId}:${cohort}`;
}

export interface OpenIncidentRow {
  id: string;
  state: string;
  lastNotifiedAt: Date | null;
  breaches: number;
}

export async function addEvent(
  tx: Tx,
  incidentId: string,
  event: { kind: string; runId?: string | null; value?: number | null; actorId?: string | null; actorLabel?: string; body?: string; data?: unknown; dedupeKey?: string },
): Promise<void> {
  const data = {
    incidentId,
    kind: event.kind,
    runId: event.runId ?? null,
    value: event.value ?? null,
    actorId: event.actorId ?? null,
    actorLabel: event.actorLabel ?? "",
    body: event.body ?? "",
    data: JSON.stringify(event.data ?? {}),
    dedupeKey: event.dedupeKey ?? null,
  };
  if (event.dedupeKey) await tx.incidentEvent.upsert({ where: { dedupeKey: event.dedupeKey }, create: data, update: {} });
  else await tx.incidentEvent.create({ data });
}

export async function openIncident(
  tx: Tx,
  input: {
    workspaceId: string;
    modelId: string;
    guardrailId: string;
    cohort: string;
    severity: string;
    title: string;
    redLine: boolean;
    assignee: string;
    runId: string;
    value: number | null;
    details: unknown;
  },
): Promise<string> {
  const incident = await tx.incident.create({
    data: {
      workspaceId: input.workspaceId,
      modelId: input.modelId,
      guardrailId: input.guardrailId,
      cohort: input.cohort,
      openKey: openKeyOf(input.guardrailId, input.cohort),
      severity: input.severity,
      title: input.title,
      redLine: input.redLine,
      assignee: input.assignee,
      openedRunId: input.runId,
      lastRunId: input.runId,
      lastValue: input.value,
    },
  });
  await addEvent(tx, incident.id, {
    kind: "fired",
    runId: input.runId,
    value: input.value,
    actorLabel: "guardrail",
    data: input.details,
    dedupeKey: `${incident.id}:fired`,
  });
  return incident.id;
}

export async function appendBreach(tx: Tx, incidentId: string, runId: string, value: number | null, details: unknown): Promise<void> {
  await tx.incident.update({ where: { id: incidentId }, data: { lastRunId: runId, lastValue: value, breaches: { increment: 1 } } });
  await addEvent(tx, incidentId, { kind: "breach", runId, value, actorLabel: "guardrail", data: details, dedupeKey: `${incidentId}:breach:${runId}` });
}

export async function resolveIncident(
  tx: Tx,
  incidentId: string,
  by: { actorId?: string | null; label: string; note: string; runId?: string },
): Promise<boolean> {
  const { count } = await tx.incident.updateMany({
    where: { id: incidentId, state: { in: ["open", "acknowledged"] } },
    data: { state: "resolved", openKey: null, resolvedAt: new Date(), resolvedBy: by.label, resolutionNote: by.note },
  });
  if (count === 1) {
    await addEvent(tx, incidentId, {
      kind: "resolved",
      runId: by.runId ?? null,
      actorId: by.actorId ?? null,
      actorLabel: by.label,
      body: by.note,
      dedupeKey: by.runId ? `${incidentId}:resolved:${by.runId}` : undefined,
    });
  }
  return count === 1;
}
