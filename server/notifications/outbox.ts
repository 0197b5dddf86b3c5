/**
 * The notification outbox. A state change (incident opened, acknowledged, …) calls
 * `enqueueNotifications(tx, event)` inside its own transaction: one NotificationDelivery row per
 * channel, committed or rolled back together with the change. After the commit, `kickDeliveries()`
 * puts pending rows on the `notificationDelivery` queue; the worker also drains pending rows from
 * the database at start and periodically (./drain.ts), so a lost kick, a killed worker or a Redis
 * restarted empty delays a delivery but never loses it.
 */
import { createHash } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import { prisma } from "../db/client";
import { badRequest } from "../domain/errors";
import { getQueue, QueueName, RedisUnavailableError } from "../jobs/queues";
import { logger } from "../logger";
import { notificationEventSchema, type NotificationEvent } from "./event";
import { parseSeverities } from "./severities";

export { notificationEventSchema, type NotificationEvent } from "./event";

/** Stable per (event, channel): the same key on every retry, so receivers can deduplicate. */
export function deliveryIdempotencyKey(eventKey: string, channelId: string): string {
  return `evb_${createHash("sha256").update(`${eventKey}\n${channelId}`).digest("hex").slice(0, 40)}`;
}

/**
 * Writes one outbox row per enabled channel (all of the workspace's channels matching `severity`
 * when channelIds is omitted — plus those that already received an event of the same groupKey),
 * inside the caller's transaction. Replaying the same eventKey writes nothing new. Returns the
 * number of rows written.
 */
export async function enqueueNotifications(
  tx: Prisma.TransactionClient,
  event: NotificationEvent,
  opts: { channelIds?: string[] } = {},
): Promise<number> {
  return (await enqueueNotificationsMany(tx, [event], opts))[0]!;
}

/** SQLite refuses statements with more than 32,766 parameters: ids and rows go in slices. */
const SLICE = 500;
function slices<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += SLICE) out.push(items.slice(i, i + SLICE));
  return out;
}

/**
 * `enqueueNotifications` for many events at once (a run whose guardrails open hundreds of
 * incidents): the same rows, written with a handful of statements instead of four per event.
 * Returns the number of rows written per event, in order.
 */
export async function enqueueNotificationsMany(
  tx: Prisma.TransactionClient,
  events: NotificationEvent[],
  opts: { channelIds?: string[] } = {},
): Promise<number[]> {
  const parsed = events.map((event) => {
    const r = notificationEventSchema.safeParse(event);
    if (!r.success) {
      const fields = r.error.issues.map((i) => ({ field: i.path.join(".") || "(event)", message: i.message }));
      throw badRequest(`Invalid notification event: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`, fields);
    }
    return r.data;
  });
  if (!parsed.length) return [];
  const workspaceIds = [...new Set(parsed.map((e) => e.workspaceId))];
  const channels = await tx.notificationChannel.findMany({
    where: { workspaceId: { in: workspaceIds }, enabled: true, ...(opts.channelIds ? { id: { in: opts.channelIds } } : {}) },
    select: { id: true, severities: true, workspaceId: true },
  });
  if (!channels.length) return parsed.map(() => 0);
  const severities = new Map(channels.map((c) => [c.id, parseSeverities(c.severities)]));

  // Follow-ups of an incident (acknowledged, resolved at a lower severity…) also go to every
  // channel already told about it, so a PagerDuty alert is resolved where it was triggered.
  const told = new Map<string, Set<string>>(); // `${workspaceId}\n${groupKey}` -> channel ids
  if (!opts.channelIds) {
    for (const keys of slices([...new Set(parsed.map((e) => e.groupKey))])) {
      const rows = await tx.notificationDelivery.findMany({
        where: { workspaceId: { in: workspaceIds }, groupKey: { in: keys } },
        distinct: ["workspaceId", "groupKey", "channelId"],
        select: { workspaceId: true, groupKey: true, channelId: true },
      });
      for (const r of rows) {
        const k = `${r.workspaceId}\n${r.groupKey}`;
        (told.get(k) ?? told.set(k, new Set()).get(k)!).add(r.channelId);
      }
    }
  }
  const planned = parsed.map((ev) =>
    channels
      .filter((c) => c.workspaceId === ev.workspaceId)
      .filter((c) => opts.channelIds || told.get(`${ev.workspaceId}\n${ev.groupKey}`)?.has(c.id) || severities.get(c.id)!.includes(ev.severity))
      .map((c) => ({ ev, channelId: c.id, idempotencyKey: deliveryIdempotencyKey(ev.eventKey, c.id) })),
  );

  const seen = new Set<string>();
  for (const keys of slices(planned.flat().map((k) => k.idempotencyKey))) {
    const existing = await tx.notificationDelivery.findMany({ where: { idempotencyKey: { in: keys } }, select: { idempotencyKey: true } });
    for (const e of existing) seen.add(e.idempotencyKey);
  }
  const counts = planned.map(() => 0);
  const rows = planned.flatMap((targets, i) =>
    targets.flatMap((k) => {
      if (seen.has(k.idempotencyKey)) return [];
      seen.add(k.idempotencyKey); // the same event twice in one batch is written once
      counts[i]!++;
      return [k];
    }),
  );
  const json = new Map(parsed.map((ev) => [ev, JSON.stringify(ev)]));
  for (const part of slices(rows)) {
    await tx.notificationDelivery.createMany({
      data: part.map(({ ev, channelId, idempotencyKey }) => ({
        workspaceId: ev.workspaceId,
        channelId,
        idempotencyKey,
        eventKey: ev.eventKey,
        eventKind: ev.kind,
        groupKey: ev.groupKey,
        severity: ev.severity,
        title: ev.title,
        event: json.get(ev)!,
      })),
    });
  }
  return counts;
}

/** How many pending rows one kick or drain pass looks at (oldest first). */
const BATCH = 500;

/** Adds a delivery job per pending row; a row that already has a job (same jobId) is left alone. */
export async function addDeliveryJobs(deliveryIds: string[], { timeoutMs = 1500 } = {}): Promise<void> {
  if (!deliveryIds.length) return;
  const queue = await getQueue(QueueName.notificationDelivery, { timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      queue.addBulk(deliveryIds.map((deliveryId) => ({ name: QueueName.notificationDelivery, data: { deliveryId }, opts: { jobId: deliveryId } }))),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new RedisUnavailableError(`adding ${deliveryIds.length} notification jobs took longer than ${timeoutMs * 2} ms`)), timeoutMs * 2);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * After the caller's transaction commits: put pending outbox rows on the delivery queue (safe to
 * call any time, idempotent). Never throws: when Redis is unavailable the worker's drain sends
 * the rows later, so a state change never fails or waits because of a notification.
 */
export async function kickDeliveries(): Promise<void> {
  try {
    const rows = await prisma.notificationDelivery.findMany({ where: { status: "pending" }, select: { id: true }, orderBy: { createdAt: "asc" }, take: BATCH });
    await addDeliveryJobs(rows.map((r) => r.id));
  } catch (err) {
    logger.warn({ err: (err as Error).message }, "could not queue notifications now; the worker's outbox drain will send them");
  }
}
