/**
 * Notification channels of a workspace: list (secrets masked), create, edit (a secret left empty
 * keeps the stored one), delete, switch on/off (switching on clears the failure count), send a
 * test notification, and the delivery log. Secrets never leave this module unmasked.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client";
import { badRequest, notFound, type FieldIssue } from "../domain/errors";
import { appUrl, env } from "../env";
import { recordAudit, type Actor } from "../services/audit";
import { CHANNELS, CHANNEL_KINDS, channelByKind } from "./channels";
import { maskSecret, type AnyChannel } from "./channels/define";
import { enqueueNotifications, kickDeliveries } from "./outbox";
import { parseSeverities, severitiesSchema } from "./severities";

export const channelInput = z.object({
  name: z.string().trim().min(1, "Name the channel (e.g. “#ml-oncall”)").max(100),
  severities: severitiesSchema,
  disableAfterFailures: z.number().int().min(1).max(100).default(5),
  /** The kind's config; for an edit, secret fields left empty keep their stored value. */
  config: z.record(z.string(), z.unknown()),
});
export const createChannelInput = channelInput.extend({ kind: z.enum(CHANNEL_KINDS as [string, ...string[]]) });

function definitionOf(kind: string): AnyChannel {
  const def = channelByKind(kind);
  if (!def) throw badRequest(`Unknown channel kind "${kind}" (known: ${CHANNEL_KINDS.join(", ")}).`, [{ field: "kind", message: "unknown kind" }]);
  return def;
}

/** The kind's config, validated; errors name the field (`config.url`). */
function parseConfig(def: AnyChannel, raw: Record<string, unknown>): Record<string, unknown> {
  // Empty optional fields from a form mean "not set".
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== "" && v !== null && v !== undefined));
  const parsed = def.configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const fields: FieldIssue[] = parsed.error.issues.map((i) => ({ field: ["config", ...i.path].join("."), message: i.message }));
    throw badRequest(`Invalid ${def.title} settings: ${fields.map((f) => `${f.field.replace(/^config\./, "")}: ${f.message}`).join("; ")}`, fields);
  }
  return parsed.data as Record<string, unknown>;
}

function storedConfig(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Secrets replaced by "••••last4"; the browser never receives them in full. */
export function maskedConfig(def: AnyChannel | undefined, config: Record<string, unknown>): Record<string, unknown> {
  const out = { ...config };
  for (const field of def?.secretFields ?? []) {
    if (typeof out[field] === "string") out[field] = maskSecret(out[field] as string);
  }
  return out;
}

function targetOf(def: AnyChannel | undefined, config: Record<string, unknown>): string {
  if (!def) return "(unknown kind)";
  const parsed = def.configSchema.safeParse(config);
  return parsed.success ? def.target(parsed.data) : "(invalid settings)";
}

/** The kinds with their config forms (JSON Schema from the zod schema) for the UI. */
export function channelKinds() {
  return CHANNELS.map((c) => ({
    kind: c.kind,
    title: c.title,
    description: c.description,
    secretFields: [...c.secretFields],
    configSchema: z.toJSONSchema(c.configSchema, { io: "input", unrepresentable: "any" }),
  }));
}

export async function listChannels(db: PrismaClient, workspaceId: string) {
  const channels = await db.notificationChannel.findMany({ where: { workspaceId }, orderBy: { createdAt: "asc" } });
  const last = await Promise.all(
    channels.map((c) =>
      db.notificationDelivery.findFirst({
        where: { channelId: c.id, status: { not: "pending" } },
        orderBy: { lastAttemptAt: "desc" },
        select: { status: true, statusCode: true, lastAttemptAt: true, error: true, title: true },
      }),
    ),
  );
  const pending = await db.notificationDelivery.groupBy({ by: ["channelId"], where: { workspaceId, status: "pending" }, _count: true });
  return channels.map((c, i) => {
    const def = channelByKind(c.kind);
    const config = storedConfig(c.config);
    return {
      id: c.id,
      name: c.name,
      kind: c.kind,
      kindTitle: def?.title ?? c.kind,
      target: targetOf(def, config),
      config: maskedConfig(def, config),
      severities: parseSeverities(c.severities),
      enabled: c.enabled,
      disabledAt: c.disabledAt,
      disabledReason: c.disabledReason,
      consecutiveFailures: c.consecutiveFailures,
      disableAfterFailures: c.disableAfterFailures,
      pending: pending.find((p) => p.channelId === c.id)?._count ?? 0,
      lastDelivery: last[i] ?? null,
      createdAt: c.createdAt,
    };
  });
}

async function channelOf(db: PrismaClient, workspaceId: string, id: string) {
  const channel = await db.notificationChannel.findFirst({ where: { id, workspaceId } });
  if (!channel) throw notFound("No such notification channel in this workspace.");
  return channel;
}

export async function createChannel(db: PrismaClient, workspaceId: string, actor: Actor, raw: z.input<typeof createChannelInput>) {
  const input = createChannelInput.parse(raw);
  const def = definitionOf(input.kind);
  const config = parseConfig(def, input.config);
  const channel = await db.$transaction(async (tx) => {
    const created = await tx.notificationChannel.create({
      data: {
        workspaceId,
        name: input.name,
        kind: input.kind,
        config: JSON.stringify(config),
        severities: JSON.stringify(input.severities),
        disableAfterFailures: input.disableAfterFailures,
      },
    });
    await recordAudit(tx, { workspaceId, actor, action: "notification_channel.created", changes: { name: input.name, kind: input.kind, target: def.target(config) } });
    return created;
  });
  return { id: channel.id };
}

export async function updateChannel(db: PrismaClient, workspaceId: string, actor: Actor, id: string, raw: z.input<typeof channelInput>) {
  const input = channelInput.parse(raw);
  const current = await channelOf(db, workspaceId, id);
  const def = definitionOf(current.kind);
  const stored = storedConfig(current.config);
  const merged: Record<string, unknown> = { ...input.config };
  for (const field of def.secretFields) {
    const given = merged[field];
    // Empty, or the masked value sent back unchanged: keep the stored secret.
    if (given === undefined || given === "" || (typeof given === "string" && given.startsWith("••••"))) merged[field] = stored[field];
  }
  const config = parseConfig(def, merged);
  await db.$transaction(async (tx) => {
    await tx.notificationChannel.update({
      where: { id },
      data: { name: input.name, config: JSON.stringify(config), severities: JSON.stringify(input.severities), disableAfterFailures: input.disableAfterFailures },
    });
    await recordAudit(tx, { workspaceId, actor, action: "notification_channel.updated", changes: { name: input.name, target: def.target(config), severities: input.severities } });
  });
  return { id };
}

export async function deleteChannel(db: PrismaClient, workspaceId: string, actor: Actor, id: string) {
  const current = await channelOf(db, workspaceId, id);
  await db.$transaction(async (tx) => {
    await tx.notificationChannel.delete({ where: { id } });
    await recordAudit(tx, { workspaceId, actor, action: "notification_channel.deleted", changes: { name: current.name, kind: current.kind } });
  });
  return { id };
}

/** Switching on clears the failure count and the "switched off after failures" note. */
export async function setChannelEnabled(db: PrismaClient, workspaceId: string, actor: Actor, id: string, enabled: boolean) {
  const current = await channelOf(db, workspaceId, id);
  await db.$transaction(async (tx) => {
    await tx.notificationChannel.update({
      where: { id },
      data: enabled ? { enabled: true, consecutiveFailures: 0, disabledAt: null, disabledReason: null } : { enabled: false, disabledAt: null, disabledReason: null },
    });
    await recordAudit(tx, { workspaceId, actor, action: enabled ? "notification_channel.enabled" : "notification_channel.disabled", changes: { name: current.name, wasDisabledBecause: current.disabledReason } });
  });
  return { id, enabled };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends a "test" event to one channel through the real outbox and queue, and waits (a little
 * longer than one request's timeout) for the first attempt's result.
 */
export async function sendTestNotification(db: PrismaClient, workspace: { id: string; slug: string }, actor: Actor, id: string, { waitMs = env.NOTIFY_TIMEOUT_MS + 5000 } = {}) {
  const channel = await channelOf(db, workspace.id, id);
  if (!channel.enabled) throw badRequest("This channel is switched off: switch it on before sending a test notification.");
  const eventKey = `test:${id}:${randomUUID()}`;
  await db.$transaction((tx) =>
    enqueueNotifications(
      tx,
      {
        kind: "test",
        workspaceId: workspace.id,
        severity: "info",
        groupKey: `test:${id}`,
        eventKey,
        title: "Test notification from evalbook",
        summary: `${actor.label} sent this test to check the channel “${channel.name}”. No action is needed.`,
        url: `${appUrl()}/w/${workspace.slug}/settings/notifications`,
        model: { slug: "test", name: "(no model: test)" },
        details: { channel: channel.name, sentBy: actor.label },
        runbooks: [],
      },
      { channelIds: [id] },
    ),
  );
  await kickDeliveries();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const delivery = await db.notificationDelivery.findFirst({ where: { eventKey, channelId: id } });
    if (!delivery) throw notFound("The test delivery was not written.");
    if (delivery.status !== "pending" || delivery.statusCode !== null || delivery.error !== null || Date.now() > deadline) {
      return {
        deliveryId: delivery.id,
        status: delivery.status as "pending" | "sent" | "failed",
        attempts: delivery.attempts,
        statusCode: delivery.statusCode,
        latencyMs: delivery.latencyMs,
        error: delivery.error,
        /** true while no worker has tried yet (is the worker running?) */
        waiting: delivery.attempts === 0,
      };
    }
    await sleep(150);
  }
}

export const deliveryLogInput = z.object({
  channelId: z.string().min(1),
  limit: z.number().int().min(1).max(200).default(50),
  /** id of the last row of the previous page */
  cursor: z.string().min(1).optional(),
});

export async function deliveryLog(db: PrismaClient, workspaceId: string, raw: z.input<typeof deliveryLogInput>) {
  const input = deliveryLogInput.parse(raw);
  await channelOf(db, workspaceId, input.channelId);
  const rows = await db.notificationDelivery.findMany({
    where: { channelId: input.channelId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      createdAt: true,
      lastAttemptAt: true,
      sentAt: true,
      eventKind: true,
      eventKey: true,
      title: true,
      severity: true,
      status: true,
      statusCode: true,
      latencyMs: true,
      attempts: true,
      error: true,
      idempotencyKey: true,
    },
  });
  const more = rows.length > input.limit;
  const page = more ? rows.slice(0, input.limit) : rows;
  return { rows: page, nextCursor: more ? page[page.length - 1]!.id : null };
}
