import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type Database from "better-sqlite3";
import type { PrismaClient } from "../generated/prisma/client";
import { isPostgres } from "../db/kind";
import { sharedSqlite } from "../db/sqlite";
import { badRequest, notFound } from "../domain/errors";
import { BoundedCache } from "../cache/bounded-cache";
import { parseJsonArray } from "../domain/model";
import { recordAudit, type Actor } from "../services/audit";
import { API_KEY_SCOPES, DEFAULT_SCOPES, apiKeyScopeSchema, type ApiKeyScope } from "./scopes";

/**
 * API keys (DESIGN §2): per workspace, optionally limited to some models. The secret is shown once;
 * only its sha256 is stored. A key is found by its public prefix and compared in constant time.
 *
 * Secret format: `eb_live_` + 12 base62 chars (the prefix, unique, shown in lists) + 32 base62 chars.
 */
export const KEY_PREFIX = "eb_live_";
const PREFIX_LEN = KEY_PREFIX.length + 12;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function base62(n: number): string {
  // rejection sampling: no modulo bias
  let out = "";
  while (out.length < n) {
    for (const b of randomBytes(n * 2)) {
      if (b < 248 && out.length < n) out += BASE62[b % 62];
    }
  }
  return out;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export { API_KEY_SCOPES, DEFAULT_SCOPES, apiKeyScopeSchema, type ApiKeyScope } from "./scopes";

export function parseScopes(stored: string | null | undefined): ApiKeyScope[] {
  return parseJsonArray<string>(stored ?? null).filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s));
}

export const createKeyInput = z.object({
  name: z.string().trim().min(1, "Name the key (e.g. “fraud scorer prod”)").max(100),
  /** Model slugs; empty or absent = every model of the workspace. */
  models: z.array(z.string().min(1)).max(200).optional(),
  /** Absent = ["ingest"]. */
  scopes: z.array(apiKeyScopeSchema).min(1, "Choose at least one scope").max(API_KEY_SCOPES.length).optional(),
});

export async function createApiKey(db: PrismaClient, workspaceId: string, actor: Actor, raw: z.input<typeof createKeyInput>) {
  const input = createKeyInput.parse(raw);
  let modelIds: string[] | null = null;
  if (input.models?.length) {
    const models = await db.model.findMany({ where: { workspaceId, slug: { in: input.models } }, select: { id: true, slug: true } });
    const missing = input.models.filter((s) => !models.some((m) => m.slug === s));
    if (missing.length) throw badRequest(`No model ${missing.map((m) => `"${m}"`).join(", ")} in this workspace.`, [{ field: "models", message: "unknown model" }]);
    modelIds = models.map((m) => m.id);
  }
  const scopes = API_KEY_SCOPES.filter((s) => (input.scopes ?? DEFAULT_SCOPES).includes(s));
  const prefix = KEY_PREFIX + base62(12);
  const secret = prefix + base62(32);
  const key = await db.apiKey.create({
    data: {
      workspaceId,
      name: input.name,
      prefix,
      hash: hashSecret(secret),
      modelIds: modelIds ? JSON.stringify(modelIds) : null,
      scopes: JSON.stringify(scopes),
      createdById: actor.id ?? actor.label,
    },
  });
  await recordAudit(db, { workspaceId, actor, action: "apikey.created", changes: { name: input.name, prefix, models: input.models ?? "all", scopes } });
  return { id: key.id, name: key.name, prefix, secret, scopes, createdAt: key.createdAt };
}

export async function listApiKeys(db: PrismaClient, workspaceId: string) {
  const keys = await db.apiKey.findMany({ where: { workspaceId }, orderBy: [{ revokedAt: "asc" }, { createdAt: "desc" }] });
  const userIds = [...new Set(keys.map((k) => k.createdById))];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, name: true } });
  const modelIds = [...new Set(keys.flatMap((k) => parseJsonArray<string>(k.modelIds)))];
  const models = await db.model.findMany({ where: { id: { in: modelIds } }, select: { id: true, slug: true } });
  return keys.map((k) => {
    const user = users.find((u) => u.id === k.createdById);
    return {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      createdBy: user ? user.email : k.createdById,
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
      revokedAt: k.revokedAt,
      scopes: parseScopes(k.scopes),
      models: k.modelIds ? parseJsonArray<string>(k.modelIds).map((id) => models.find((m) => m.id === id)?.slug ?? "(deleted model)") : null,
    };
  });
}

export async function revokeApiKey(db: PrismaClient, workspaceId: string, actor: Actor, id: string) {
  const key = await db.apiKey.findFirst({ where: { id, workspaceId } });
  if (!key) throw notFound("No such API key in this workspace.");
  if (key.revokedAt) return { id, revokedAt: key.revokedAt };
  const updated = await db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  await recordAudit(db, { workspaceId, actor, action: "apikey.revoked", changes: { name: key.name, prefix: key.prefix } });
  return { id, revokedAt: updated.revokedAt };
}

export interface VerifiedKey {
  id: string;
  workspaceId: string;
  workspaceSlug: string;
  /** null = every model of the workspace */
  modelIds: string[] | null;
  scopes: ApiKeyScope[];
}

export type KeyCheck = { ok: true; key: VerifiedKey } | { ok: false; reason: "malformed" | "unknown" | "revoked" };

/**
 * Verifies a presented secret with one indexed read (raw, no cache — a revocation takes effect on
 * the very next request). The hash comparison is constant-time.
 */
type KeyRow = { id: string; workspaceId: string; slug: string; hash: string; modelIds: string | null; scopes: string; revokedAt: string | Date | null };
const keyStatements = new WeakMap<Database.Database, Database.Statement<[string], KeyRow>>();

const malformed = (secret: string) => !secret.startsWith(KEY_PREFIX) || secret.length < PREFIX_LEN + 16 || secret.length > 200;

/** The key of this process's database: SQLite through its shared connection, PostgreSQL through the pool. */
export async function verifyPresentedKey(secret: string): Promise<KeyCheck> {
  if (!isPostgres()) return verifyApiKey(sharedSqlite(), secret);
  if (malformed(secret)) return { ok: false, reason: "malformed" };
  const { sharedPgPool } = await import("../db/postgres"); // pg loads only on PostgreSQL (issue 18)
  const { rows } = await sharedPgPool().query<KeyRow>(
    `SELECT k.id, k."workspaceId", w.slug, k.hash, k."modelIds", k.scopes, k."revokedAt" FROM "ApiKey" k JOIN "Workspace" w ON w.id = k."workspaceId" WHERE k.prefix = $1`,
    [secret.slice(0, PREFIX_LEN)],
  );
  return judgeKey(rows[0], secret);
}

export function verifyApiKey(db: Database.Database, secret: string): KeyCheck {
  if (malformed(secret)) return { ok: false, reason: "malformed" };
  let stmt = keyStatements.get(db);
  if (!stmt) {
    stmt = db.prepare<[string], KeyRow>(
      `SELECT k.id, k.workspaceId, w.slug, k.hash, k.modelIds, k.scopes, k.revokedAt FROM "ApiKey" k JOIN "Workspace" w ON w.id = k.workspaceId WHERE k.prefix = ?`,
    );
    keyStatements.set(db, stmt);
  }
  return judgeKey(stmt.get(secret.slice(0, PREFIX_LEN)), secret);
}

function judgeKey(row: KeyRow | undefined, secret: string): KeyCheck {
  const presented = Buffer.from(hashSecret(secret), "hex");
  // Compare even when no row matched, so timing does not reveal whether a prefix exists.
  const stored = Buffer.from(row?.hash ?? "0".repeat(64), "hex");
  const equal = stored.length === presented.length && timingSafeEqual(stored, presented);
  if (!row || !equal) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  return {
    ok: true,
    key: { id: row.id, workspaceId: row.workspaceId, workspaceSlug: row.slug, modelIds: row.modelIds ? parseJsonArray<string>(row.modelIds) : null, scopes: parseScopes(row.scopes) },
  };
}

/** Last recorded use by key id: at most 10,000 keys (an evicted key is written again on its next use). */
const lastTouched = new BoundedCache<string, number>({ name: "API key last use", maxEntries: 10_000 });

/** Records last use at most once a minute per key per process (a write per request would contend with ingest). */
export function touchApiKey(db: PrismaClient, keyId: string, now = Date.now()): void {
  const prev = lastTouched.get(keyId) ?? 0;
  if (now - prev < 60_000) return;
  lastTouched.set(keyId, now);
  db.apiKey.update({ where: { id: keyId }, data: { lastUsedAt: new Date(now) } }).catch(() => lastTouched.delete(keyId));
}
