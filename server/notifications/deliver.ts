/**
 * Sends one outbox row (the `notificationDelivery` job). The row is the truth:
 * - only a `pending` row is sent; `sent` is set by a compare-and-set, so it is never set twice;
 * - the attempt is counted before the request goes out, and logged (NotificationAttempt) after;
 * - a failure that can be retried throws, so BullMQ backs off exponentially and tries again with
 *   the same idempotency key; the last allowed attempt, or a failure retrying cannot fix, marks
 *   the row `failed`;
 * - every failed request counts towards the channel's consecutive failures; at its
 *   `disableAfterFailures` the channel is switched off (and says why); a success resets the count.
 */
import { UnrecoverableError } from "bullmq";
import { prisma } from "../db/client";
import { env } from "../env";
import type { Logger } from "../logger";
import { channelByKind } from "./channels";
import { notificationEventSchema } from "./event";
import { send, type SendResult } from "./transport";

export interface DeliverOptions {
  workerId: string;
  logger: Logger;
  maxAttempts?: number;
}

export type DeliverOutcome = { status: "sent" | "retry" | "failed" | "skipped"; reason?: string };

async function fail(deliveryId: string, error: string): Promise<DeliverOutcome> {
  await prisma.notificationDelivery.updateMany({ where: { id: deliveryId, status: "pending" }, data: { status: "failed", error } });
  return { status: "failed", reason: error };
}

export async function deliver(deliveryId: string, opts: DeliverOptions): Promise<DeliverOutcome> {
  const maxAttempts = opts.maxAttempts ?? env.NOTIFY_ATTEMPTS;
  const row = await prisma.notificationDelivery.findUnique({ where: { id: deliveryId }, include: { channel: true } });
  if (!row) return { status: "skipped", reason: "the delivery no longer exists (channel deleted)" };
  if (row.status !== "pending") return { status: "skipped", reason: `already ${row.status}` };
  const { channel } = row;
  if (!channel.enabled) {
    return fail(row.id, channel.disabledReason ? `not sent: the channel is switched off (${channel.disabledReason})` : "not sent: the channel is switched off");
  }
  const definition = channelByKind(channel.kind);
  if (!definition) return fail(row.id, `unknown channel kind "${channel.kind}"`);
  let config: unknown;
  try {
    config = JSON.parse(channel.config);
  } catch {
    return fail(row.id, "the channel's stored configuration is not JSON");
  }
  const parsedConfig = definition.configSchema.safeParse(config);
  if (!parsedConfig.success) {
    return fail(row.id, `the channel's configuration is invalid: ${parsedConfig.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  let storedEvent: unknown;
  try {
    storedEvent = JSON.parse(row.event);
  } catch {
    return fail(row.id, "the stored event is not JSON");
  }
  const parsedEvent = notificationEventSchema.safeParse(storedEvent);
  if (!parsedEvent.success) return fail(row.id, "the stored event is invalid");

  // Count the attempt before sending: a worker killed mid-request still leaves it on the row.
  const claimed = await prisma.notificationDelivery.updateMany({
    where: { id: row.id, status: "pending" },
    data: { attempts: { increment: 1 }, lastAttemptAt: new Date() },
  });
  if (claimed.count !== 1) return { status: "skipped", reason: "no longer pending" };
  const attempt = row.attempts + 1;

  const request = definition.format(parsedEvent.data, parsedConfig.data, {
    idempotencyKey: row.idempotencyKey,
    nowSeconds: Math.floor(Date.now() / 1000),
  });
  const result = await send(request);
  const final = result.ok || !result.retryable || attempt >= maxAttempts;
  await record(row.id, channel.id, attempt, result, final, opts);

  if (result.ok) return { status: "sent" };
  return { status: final ? "failed" : "retry", reason: result.error ?? "failed" };
}

async function record(deliveryId: string, channelId: string, attempt: number, result: SendResult, final: boolean, opts: DeliverOptions) {
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.notificationAttempt.create({
      data: { deliveryId, channelId, attempt, ok: result.ok, statusCode: result.statusCode, latencyMs: result.latencyMs, error: result.error, workerId: opts.workerId },
    });
    const outcome = result.ok ? { status: "sent", sentAt: now, error: null } : { status: final ? "failed" : "pending", error: result.error };
    const { count } = await tx.notificationDelivery.updateMany({
      where: { id: deliveryId, status: "pending" },
      data: { ...outcome, statusCode: result.statusCode, latencyMs: result.latencyMs },
    });
    if (count !== 1) opts.logger.warn({ deliveryId }, "delivery was no longer pending when its attempt finished; left as it was");
    if (result.ok) {
      await tx.notificationChannel.updateMany({ where: { id: channelId, consecutiveFailures: { gt: 0 } }, data: { consecutiveFailures: 0 } });
      return;
    }
    const channel = await tx.notificationChannel.update({ where: { id: channelId }, data: { consecutiveFailures: { increment: 1 } } });
    if (channel.enabled && channel.consecutiveFailures >= channel.disableAfterFailures) {
      await tx.notificationChannel.update({
        where: { id: channelId },
        data: {
          enabled: false,
          disabledAt: now,
          disabledReason: `switched off after ${channel.consecutiveFailures} consecutive failed deliveries (last: ${result.error ?? "failed"})`,
        },
      });
      opts.logger.warn({ channelId, failures: channel.consecutiveFailures }, "notification channel switched off after consecutive failures");
    }
  });
}

/** The job handler: a retryable failure throws (BullMQ backs off), a final one fails the job for good. */
export async function deliverJob(deliveryId: string, opts: DeliverOptions): Promise<DeliverOutcome> {
  const outcome = await deliver(deliveryId, opts);
  if (outcome.status === "retry") throw new Error(outcome.reason);
  if (outcome.status === "failed") throw new UnrecoverableError(outcome.reason);
  return outcome;
}
