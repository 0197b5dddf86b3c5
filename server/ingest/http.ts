import { ZodError } from "zod";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { env } from "../env";
import { logger } from "../logger";
import { prisma, ensurePragmas } from "../db/client";
import { DomainError } from "../domain/errors";
import { roleAtLeast, isRole } from "../domain/roles";
import { readSession } from "../auth/session";
import { touchApiKey, verifyApiKey, type VerifiedKey } from "../apikeys/keys";
import { RateLimiter } from "./ratelimit";
import { bodyStream, parseRecords, readBodyBuffer } from "./body";
import { ingestStore, type ModelRef, type PredictionStore } from "./store";

/**
 * The one wrapper every /api/v1 route handler goes through: authentication (Bearer API key, or for
 * the app's own upload form a session plus the X-Evalbook-Workspace header), the per-key rate
 * limit, body limits and gzip, and the mapping of errors to `{ error: { code, message, details? } }`.
 */

export const LIMITS = {
  get maxBodyBytes() {
    return env.INGEST_MAX_BODY_BYTES;
  },
  get maxRows() {
    return env.INGEST_MAX_ROWS;
  },
  /** Baselines are reference snapshots, uploaded rarely: ten times the batch limits. */
  get baselineMaxBytes() {
    return env.INGEST_MAX_BODY_BYTES * 10;
  },
  get baselineMaxRows() {
    return env.INGEST_MAX_ROWS * 10;
  },
};

export type V1Auth =
  | { kind: "key"; key: VerifiedKey; workspaceId: string; workspaceSlug: string }
  | { kind: "session"; userId: string; email: string; workspaceId: string; workspaceSlug: string };

export interface V1Context {
  req: Request;
  auth: V1Auth;
  workspaceId: string;
  store: PredictionStore;
  /** The model by slug: 404 when unknown, 403 when the key is limited to other models. */
  model(slug: string): ModelRef;
  /** Parsed JSON array / NDJSON records within the body and row limits. */
  records(): Promise<unknown[]>;
  /** The raw body as a stream (decompressed), for streaming uploads. */
  stream(limitBytes: number): Readable;
  /** The raw body, decompressed. */
  buffer(limitBytes: number): Promise<Buffer>;
}

export interface V1Options {
  /** Also accept a signed-in user with at least this role (for the app's own forms). */
  session?: "editor" | "admin";
}

const limiter = new RateLimiter(env.INGEST_RATE_LIMIT_PER_MINUTE);

export function errorResponse(err: unknown, requestId: string): Response {
  if (err instanceof ZodError) {
    const fields = err.issues.map((i) => ({ field: i.path.join("."), message: i.message }));
    err = new DomainError("BAD_REQUEST", fields.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message)).join("; "), { fields });
  }
  if (err instanceof DomainError) {
    const headers: Record<string, string> = { "content-type": "application/json", "x-request-id": requestId };
    if (err.code === "TOO_MANY_REQUESTS" && typeof err.details?.retryAfterSeconds === "number") headers["retry-after"] = String(err.details.retryAfterSeconds);
    if (err.code === "UNAUTHORIZED") headers["www-authenticate"] = 'Bearer realm="evalbook"';
    const body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
    return new Response(JSON.stringify(body), { status: err.status, headers });
  }
  logger.error({ err, requestId }, "v1 request failed");
  return Response.json(
    { error: { code: "INTERNAL", message: `Something went wrong on the server; it has been logged with request id ${requestId}. Retrying is safe: replays are deduplicated.` } },
    { status: 500, headers: { "x-request-id": requestId } },
  );
}

const unauthorized = (message: string) => new DomainError("UNAUTHORIZED", message);
const HOW_TO_GET_A_KEY = "Workspace admins create keys under Settings → API keys, or with `evalbook keys create --workspace SLUG --name NAME`.";

async function authenticate(req: Request, store: PredictionStore, opts: V1Options): Promise<V1Auth> {
  const header = req.headers.get("authorization");
  if (!header) {
    const workspaceSlug = req.headers.get("x-evalbook-workspace");
    if (opts.session && workspaceSlug) return sessionAuth(req, workspaceSlug, opts.session);
    throw unauthorized(`Missing API key: send the header "Authorization: Bearer <key>". ${HOW_TO_GET_A_KEY}`);
  }
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw unauthorized(`The Authorization header must be "Bearer <key>" (got "${header.slice(0, 12)}…").`);
  const check = verifyApiKey(store.db, m[1]!);
  if (!check.ok) {
    if (check.reason === "revoked") throw unauthorized(`This API key has been revoked. Create a new one and update your client. ${HOW_TO_GET_A_KEY}`);
    if (check.reason === "malformed") throw unauthorized(`That is not an evalbook API key (they start with "eb_live_"). ${HOW_TO_GET_A_KEY}`);
    throw unauthorized(`This API key is not valid (check for a copy/paste error; the secret is shown only once). ${HOW_TO_GET_A_KEY}`);
  }
  touchApiKey(prisma, check.key.id);
  return { kind: "key", key: check.key, workspaceId: check.key.workspaceId, workspaceSlug: check.key.workspaceSlug };
}

async function sessionAuth(req: Request, workspaceSlug: string, required: "editor" | "admin"): Promise<V1Auth> {
  await ensurePragmas();
  const session = await readSession(req.headers);
  if (session.status !== "signed-in") throw unauthorized("Sign in, or send an API key as \"Authorization: Bearer <key>\".");
  const membership = await prisma.membership.findFirst({ where: { userId: session.user.id, workspace: { slug: workspaceSlug } }, include: { workspace: true } });
  if (!membership || !isRole(membership.role)) throw new DomainError("FORBIDDEN", `You are not a member of workspace "${workspaceSlug}".`);
  if (!roleAtLeast(membership.role, required))
    throw new DomainError("FORBIDDEN", `This needs the ${required} role in "${workspaceSlug}"; you are ${membership.role}.`);
  return { kind: "session", userId: session.user.id, email: session.user.email, workspaceId: membership.workspaceId, workspaceSlug };
}

export function v1Route<P extends Record<string, string>>(
  handler: (ctx: V1Context, params: P) => Promise<unknown>,
  opts: V1Options = {},
): (req: Request, route: { params: Promise<P> }) => Promise<Response> {
  return async (req, route) => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    const started = performance.now();
    try {
      const store = ingestStore();
      const auth = await authenticate(req, store, opts);
      const wait = limiter.take(auth.kind === "key" ? `key:${auth.key.id}` : `user:${auth.userId}`);
      if (wait > 0) {
        throw new DomainError(
          "TOO_MANY_REQUESTS",
          `Rate limit of ${env.INGEST_RATE_LIMIT_PER_MINUTE} requests per minute for this key reached; retry after ${wait} s. Send bigger batches (up to ${env.INGEST_MAX_ROWS.toLocaleString("en-US")} rows) rather than more requests.`,
          { retryAfterSeconds: wait, limitPerMinute: env.INGEST_RATE_LIMIT_PER_MINUTE },
        );
      }
      const ctx: V1Context = {
        req,
        auth,
        workspaceId: auth.workspaceId,
        store,
        model(slug) {
          const model = store.findModel(auth.workspaceId, slug);
          if (!model) throw new DomainError("NOT_FOUND", `No model "${slug}" in workspace "${auth.workspaceSlug}". Check the slug in the model's URL, or register the model first.`);
          if (auth.kind === "key" && auth.key.modelIds && !auth.key.modelIds.includes(model.id))
            throw new DomainError("FORBIDDEN", `This API key is limited to other models and may not write to "${slug}". Use a key for this model or an unrestricted key.`);
          return model;
        },
        async records() {
          const body = await readBodyBuffer(req, LIMITS.maxBodyBytes);
          return parseRecords(body, req.headers.get("content-type") ?? "", LIMITS.maxRows);
        },
        stream: (limit) => bodyStream(req, limit),
        buffer: (limit) => readBodyBuffer(req, limit),
      };
      const params = await route.params;
      const result = await handler(ctx, params);
      if (result instanceof Response) return result;
      logger.debug({ requestId, path: new URL(req.url).pathname, ms: Math.round(performance.now() - started) }, "v1 request");
      return Response.json(result, { headers: { "x-request-id": requestId } });
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}
