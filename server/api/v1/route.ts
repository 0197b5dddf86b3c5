import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { z } from "zod";
import { logger } from "../../logger";
import { DomainError, notFound } from "../../domain/errors";
import type { Actor } from "../../services/audit";
import { bodyStream, readBodyBuffer } from "../../ingest/body";
import { predictionRepository, type ModelRef, type PredictionRepository } from "../../predictions";
import type { Endpoint } from "./endpoint";
import { authenticate, type V1Auth } from "./auth";
import { errorResponse } from "./errors";
import { jsonResponse } from "./json-response";
import { LIMITS, takeToken } from "./limits";

/**
 * The one layer every /api/v1 route (and the app's report download) goes through: authenticate
 * (Bearer API key, or a session for endpoints that allow it), resolve the actor and workspace,
 * check the key's scope, role and model limits, validate path and query with the endpoint's zod
 * schemas, apply the rate limit, and map every error to `{ error: { code, message, details? } }`.
 */

export interface V1Context {
  req: Request;
  auth: V1Auth;
  workspaceId: string;
  workspaceSlug: string;
  /** Who appears in the audit log. */
  actor: Actor;
  predictions: PredictionRepository;
  /** The model by slug: 404 when unknown, 403 when the key is limited to other models. */
  model(slug: string): Promise<ModelRef>;
  /** 403 when the key is limited to other models. `what` names the thing in the message. */
  allowModel(modelId: string, what: string): void;
  /** null = every model of the workspace. */
  allowedModelIds: string[] | null;
  /** A JSON object body (empty = {}). */
  jsonObject(): Promise<Record<string, unknown>>;
  /** The raw body as a stream (decompressed), for streaming uploads. */
  stream(limitBytes: number): Readable;
  /** The raw body, decompressed. */
  buffer(limitBytes: number): Promise<Buffer>;
}

export interface V1Input<E extends Endpoint> {
  params: z.output<E["params"]>;
  query: NonNullable<E["query"]> extends z.ZodObject ? z.output<NonNullable<E["query"]>> : Record<string, never>;
}

type Handler<E extends Endpoint> = (ctx: V1Context, input: V1Input<E>) => Promise<unknown>;
type RouteFn = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export { LIMITS };

export function v1Route<E extends Endpoint>(endpoint: E, handler: Handler<E>): RouteFn {
  return route(endpoint, handler);
}

/**
 * The report download of the app (app/api/reports/[id]/export): any member of the report's
 * workspace, found from the report itself; a non-member gets the same 404 as an unknown report.
 */
export function sessionRoute<E extends Endpoint>(
  endpoint: E,
  resource: { workspaceOf: (params: z.output<E["params"]>) => Promise<string | null>; missing: (params: z.output<E["params"]>) => string },
  handler: Handler<E>,
): RouteFn {
  return route(endpoint, handler, resource as Resource);
}

type Resource = { workspaceOf: (params: unknown) => Promise<string | null>; missing: (params: unknown) => string };

function route<E extends Endpoint>(endpoint: E, handler: Handler<E>, resource?: Resource): RouteFn {
  return async (req, routeCtx) => {
    const requestId = req.headers.get("x-request-id") ?? randomUUID();
    const started = performance.now();
    try {
      // Routes without dynamic segments get no params object from Next.js.
      const params = endpoint.params.parse((await routeCtx?.params) ?? {});
      const auth = await authenticate(req, endpoint, resource && { workspaceOf: () => resource.workspaceOf(params), missing: resource.missing(params) });
      await takeToken(endpoint.limit ?? "api", auth);
      const query = endpoint.query ? endpoint.query.parse(Object.fromEntries(new URL(req.url).searchParams)) : {};
      const allowedModelIds = auth.kind === "key" ? auth.key.modelIds : null;
      const allowModel = (modelId: string, what: string) => {
        if (allowedModelIds && !allowedModelIds.includes(modelId))
          throw new DomainError("FORBIDDEN", `This API key is limited to other models and may not access ${what}. Use a key for this model or an unrestricted key.`);
      };
      const ctx: V1Context = {
        req,
        auth,
        workspaceId: auth.workspaceId,
        workspaceSlug: auth.workspaceSlug,
        actor: auth.actor,
        predictions: predictionRepository(),
        allowedModelIds,
        allowModel,
        async model(slug) {
          const model = await predictionRepository().findModel(auth.workspaceId, slug);
          if (!model) throw notFound(`No model "${slug}" in workspace "${auth.workspaceSlug}". Check the slug in the model's URL, or register the model first.`);
          allowModel(model.id, `"${slug}"`);
          return model;
        },
        async jsonObject() {
          const text = (await readBodyBuffer(req, LIMITS.maxBodyBytes)).toString("utf8");
          if (!text.trim()) return {};
          try {
            const v = JSON.parse(text) as unknown;
            if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
          } catch {
            /* fall through */
          }
          throw new DomainError("BAD_REQUEST", "The body must be a JSON object (or empty).");
        },
        stream: (limit) => bodyStream(req, limit),
        buffer: (limit) => readBodyBuffer(req, limit),
      };
      const result = await handler(ctx, { params, query } as V1Input<E>);
      logger.debug({ requestId, operation: endpoint.operationId, ms: Math.round(performance.now() - started) }, "v1 request");
      if (result instanceof Response) return result;
      return jsonResponse(result, endpoint.success.status, { "x-request-id": requestId });
    } catch (err) {
      return errorResponse(err, requestId);
    }
  };
}
