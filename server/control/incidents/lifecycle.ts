/**
 * Incident writes inside a transaction: resolve, timeline events. One open incident per
 * (guardrail, cohort) is enforced by the unique `openKey`; run-driven events carry a `dedupeKey`,
 * so evaluating a run again writes nothing. Bulk writes of a run's evaluation are in ./bulk.ts.
 */
import type { Prisma } from "../../generated/prisma/client";

type Tx = Prisma.TransactionClient;

export function openKeyOf(guardrailId: string, cohort: string): string {
  return `${guardrailId}:${cohort}`;
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
