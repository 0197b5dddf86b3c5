/**
 * Renotify: an incident that stays open — not acknowledged — is announced again every
 * `renotifyMinutes` of its guardrail, on a timer (the `incidentReminders` job scheduler), whether
 * or not runs keep breaching. At most once per interval: the reminder claims the incident by its
 * `lastNotifiedAt` (compare-and-set) and its event key is the interval's number, so two workers or
 * a replayed job never send one twice. Each reminder is written to the outbox and the timeline in
 * one transaction.
 */
import type { PrismaClient } from "../../generated/prisma/client";
import { appUrl } from "../../env";
import { enqueueNotifications, type NotificationEvent } from "../../notifications/outbox";
import { describeBreach } from "../guardrails/describe";

export interface RemindersResult {
  /** incidents a reminder went out for */
  reminded: string[];
  deliveries: number;
}

const MINUTE = 60_000;

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export async function sendDueReminders(db: PrismaClient, now: Date = new Date()): Promise<RemindersResult> {
  const result: RemindersResult = { reminded: [], deliveries: 0 };
  const open = await db.incident.findMany({
    where: { state: "open", openKey: { not: null }, guardrail: { renotifyMinutes: { not: null }, paused: false } },
    include: { guardrail: true },
    orderBy: { createdAt: "asc" },
  });
  const due = open.filter((i) => (i.lastNotifiedAt ?? i.createdAt).getTime() + i.guardrail.renotifyMinutes! * MINUTE <= now.getTime());
  if (!due.length) return result;

  const withChannels = new Set(
    (await db.notificationChannel.groupBy({ by: ["workspaceId"], where: { workspaceId: { in: [...new Set(due.map((i) => i.workspaceId))] }, enabled: true } })).map((g) => g.workspaceId),
  );
  for (const incident of due) {
    if (!withChannels.has(incident.workspaceId)) continue; // nobody to remind: nothing to note either
    const g = incident.guardrail;
    const every = g.renotifyMinutes!;
    const openMinutes = Math.floor((now.getTime() - incident.createdAt.getTime()) / MINUTE);
    const [model, workspace] = await Promise.all([
      db.model.findUniqueOrThrow({ where: { id: incident.modelId }, select: { slug: true, name: true } }),
      db.workspace.findUniqueOrThrow({ where: { id: incident.workspaceId }, select: { slug: true } }),
    ]);
    const runbookIds = JSON.parse(g.runbookIds) as string[];
    const runbooks = runbookIds.length ? await db.runbook.findMany({ where: { id: { in: runbookIds }, modelId: incident.modelId }, select: { id: true, title: true } }) : [];
    const base = `${appUrl()}/w/${workspace.slug}`;
    const interval = Math.floor((now.getTime() - incident.createdAt.getTime()) / (every * MINUTE));
    const event: NotificationEvent = {
      kind: "incident.reminder",
      workspaceId: incident.workspaceId,
      severity: incident.severity as NotificationEvent["severity"],
      groupKey: incident.id,
      eventKey: `${incident.id}:reminder:${interval}`,
      title: `${model.name}: ${g.name} still breached, not acknowledged`,
      summary: [
        `Reminder: ${incident.title} has been open for ${plural(openMinutes, "minute")} and nobody has acknowledged it.`,
        `${describeBreach(g, incident.cohort)}: last value ${incident.lastValue ?? "n/a"} after ${plural(incident.breaches, "breaching run")}.`,
        `Reminding every ${plural(every, "minute")} until it is acknowledged or resolved.`,
      ].join("\n"),
      url: `${base}/incidents/${incident.id}`,
      model,
      details: { incidentId: incident.id, guardrailId: g.id, cohort: incident.cohort, metric: g.metric, lastValue: incident.lastValue, lastRunId: incident.lastRunId, breaches: incident.breaches, openMinutes, renotifyMinutes: every },
      runbooks: runbooks.map((r) => ({ title: r.title, url: `${base}/models/${model.slug}/runbooks/${r.id}` })),
    };
    const sent = await db.$transaction(async (tx) => {
      const claimed = await tx.incident.updateMany({ where: { id: incident.id, state: "open", lastNotifiedAt: incident.lastNotifiedAt }, data: { lastNotifiedAt: now } });
      if (claimed.count !== 1) return null; // acknowledged, resolved or reminded meanwhile
      if (await tx.incidentEvent.findUnique({ where: { dedupeKey: `${incident.id}:reminder:${interval}` }, select: { id: true } })) return null;
      const deliveries = await enqueueNotifications(tx, event);
      await tx.incidentEvent.create({
        data: {
          incidentId: incident.id,
          kind: "reminder",
          actorLabel: "notifications",
          body: deliveries
            ? `Still open after ${plural(openMinutes, "minute")}, not acknowledged: reminder sent to ${plural(deliveries, "channel")}`
            : `Still open after ${plural(openMinutes, "minute")}, not acknowledged: no notification channel matches`,
          data: JSON.stringify({ eventKey: event.eventKey, groupKey: event.groupKey, deliveries }),
          dedupeKey: `${incident.id}:reminder:${interval}`,
          createdAt: now,
        },
      });
      return deliveries;
    });
    if (sent === null) continue;
    result.reminded.push(incident.id);
    result.deliveries += sent;
  }
  return result;
}
