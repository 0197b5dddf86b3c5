/**
 * Shared setup for the ingest tests: a throwaway database copy with a workspace, two models and an
 * API key, and `next start` serving it (test/e2e/browser.ts startServer). Requires `next build`.
 */
import { gzipSync } from "node:zlib";
import { createTestDatabase, type TestDatabase } from "../../helpers/db";
import { existsSync } from "node:fs";
import path from "node:path";
import { ROOT, startServer, type RunningServer } from "../../e2e/browser";
import { createModel, replaceFeatureContract } from "../../../server/services/models";
import { API_KEY_SCOPES, createApiKey, type ApiKeyScope } from "../../../server/apikeys/keys";

/** Why these tests cannot run, or null: they need a production build and the test database. */
export function serverPrerequisiteProblem(): string | null {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID"))) return "No production build in .next/: run `npm test` (it builds first) or `node_modules/.bin/next build`.";
  if (!process.env.EVALBOOK_TEST_DB_TEMPLATE) return "Run through vitest so test/setup/global.ts prepares a database template.";
  return null;
}

export const ACTOR = { id: null, label: "ingest test" };

export interface IngestEnv {
  db: TestDatabase;
  server: RunningServer;
  workspaceId: string;
  key: string;
  /** A key with every scope unless `scopes` says otherwise. */
  newKey(name: string, models?: string[], scopes?: ApiKeyScope[]): Promise<{ id: string; secret: string }>;
  post(path: string, body: unknown, opts?: { key?: string | null; headers?: Record<string, string>; gzip?: boolean; raw?: boolean }): Promise<{ status: number; headers: Headers; json: any }>;
  stop(): Promise<void>;
}

export async function setupIngest(env: Record<string, string> = {}): Promise<IngestEnv> {
  const db = createTestDatabase();
  const ws = await db.prisma.workspace.create({ data: { slug: "acme", name: "Acme" } });
  await createModel(db.prisma, ws.id, ACTOR, {
    slug: "fraud",
    name: "Fraud",
    task: "binary",
    ownerTeam: "risk",
    onCall: "risk@acme.test",
    versions: [
      { label: "v1", stage: "production" },
      { label: "v2", stage: "shadow" },
    ],
  });
  await replaceFeatureContract(db.prisma, ws.id, ACTOR, "fraud", [
    { name: "amount", type: "numeric", key: true, nullable: false, min: 0, max: 1000 },
    { name: "country", type: "categorical", key: false, nullable: false, categories: ["US", "DE"] },
    { name: "intl", type: "boolean", key: false, nullable: true },
  ]);
  await createModel(db.prisma, ws.id, ACTOR, {
    slug: "strict",
    name: "Strict",
    task: "multiclass",
    ownerTeam: "ops",
    onCall: "ops@acme.test",
    requireKnownVersion: true,
    versions: [{ label: "s1", stage: "production" }],
  });
  const newKey = async (name: string, models?: string[], scopes: ApiKeyScope[] = [...API_KEY_SCOPES]) => {
    const k = await createApiKey(db.prisma, ws.id, ACTOR, { name, models, scopes });
    return { id: k.id, secret: k.secret };
  };
  const key = (await newKey("tests")).secret;
  const server = await startServer({ env: { DATABASE_URL: db.url, LOG_LEVEL: "error", ...env } });
  const post: IngestEnv["post"] = async (path, body, opts = {}) => {
    const k = opts.key === undefined ? key : opts.key;
    let data: string | Buffer = opts.raw ? (body as string | Buffer) : JSON.stringify(body);
    const headers: Record<string, string> = { "content-type": "application/json", ...(k ? { authorization: `Bearer ${k}` } : {}), ...opts.headers };
    if (opts.gzip) {
      data = gzipSync(data);
      headers["content-encoding"] = "gzip";
    }
    const res = await fetch(server.url + path, { method: "POST", headers, body: typeof data === "string" ? data : new Uint8Array(data) });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      /* keep text */
    }
    return { status: res.status, headers: res.headers, json };
  };
  return {
    db,
    server,
    workspaceId: ws.id,
    key,
    newKey,
    post,
    async stop() {
      await server.stop();
      await db.dispose();
    },
  };
}

export function prediction(i: number, extra: Record<string, unknown> = {}) {
  return {
    requestId: `req-${i}`,
    timestamp: Date.UTC(2026, 9, 1) + i * 1000,
    version: "v1",
    features: { amount: 10 + (i % 50), country: i % 2 ? "US" : "DE", intl: i % 3 === 0 },
    prediction: (i % 100) / 100,
    latencyMs: 12,
    ...extra,
  };
}
