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
  const parsed = notificationEventSchema.safeParse(event);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ field: i.path.join(".") || "(event)", message: i.message }));
    throw badRequest(`Invalid notification event: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`, fields);
  }
  const ev = parsed.data;
  const channels = await tx.notificationChannel.findMany({
    where: { workspaceId: ev.workspaceId, enabled: true, ...(opts.channelIds ? { id: { in: opts.channelIds } } : {}) },
    select: { id: true, severities: true },
  });
  let targets = channels;
  if (!opts.channelIds) {
    // Follow-ups of an incident (acknowledged, resolved at a lower severity…) also go to every
    // channel already told about it, so a PagerDuty alert is resolved where it was triggered.
    const told = await tx.notificationDelivery.findMany({ where: { workspaceId: ev.workspaceId, groupKey: ev.groupKey }, distinct: ["channelId"], select: { channelId: true } });
    const toldIds = new Set(told.map((t) => t.channelId));
    targets = channels.filter((c) => toldIds.has(c.id) || parseSeverities(c.severities).includes(ev.severity));
  }
  if (!targets.length) return 0;

  const keyed = targets.map((c) => ({ channelId: c.id, idempotencyKey: deliveryIdempotencyKey(ev.eventKey, c.id) }));
  const existing = await tx.notificationDelivery.findMany({
    where: { idempotencyKey: { in: keyed.map((k) => k.idempotencyKey) } },
    select: { idempotencyKey: true },
  });
  const seen = new Set(existing.map((e) => e.idempotencyKey));
  const fresh = keyed.filter((k) => !seen.has(k.idempotencyKey));
  if (!fresh.length) return 0;
  const json = JSON.stringify(ev);
  const { count } = await tx.notificationDelivery.createMany({
    data: fresh.map((k) => ({
      workspaceId: ev.workspaceId,
      channelId: k.channelId,
      idempotencyKey: k.idempotencyKey,
      eventKey: ev.eventKey,
      eventKind: ev.kind,
      groupKey: ev.groupKey,
      severity: ev.severity,
      title: ev.title,
      event: json,
    })),
  });
  return count;
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
