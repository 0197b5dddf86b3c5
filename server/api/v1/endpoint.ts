import { z } from "zod";
import type { ApiKeyScope } from "../../apikeys/keys";
import type { Role } from "../../domain/roles";

/**
 * One HTTP API v1 endpoint: what the route accepts (zod schemas for path, query and JSON body),
 * who may call it (key scope; optionally a signed-in member with a role) and which limit applies.
 * The route handler validates requests with these schemas and the OpenAPI document is generated
 * from them, so a route cannot drift from its documentation.
 */
export interface Endpoint<P extends z.ZodObject = z.ZodObject, Q extends z.ZodObject = z.ZodObject> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** OpenAPI form: /api/v1/models/{slug} */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** The API key scope the endpoint needs. */
  scope: ApiKeyScope;
  /** Also accept a signed-in member with at least this role (the app's own forms). */
  session?: Role;
  /** `render`: PDF/HTML exports, limited separately (and more tightly) than everything else. */
  limit?: "api" | "render";
  params: P;
  query?: Q;
  /** A JSON object body, validated by the service; documented from this schema. */
  jsonBody?: z.ZodType;
  /** Other bodies (batches, files): the OpenAPI requestBody as written. */
  rawBody?: Record<string, unknown>;
  success: { status: number; description: string; schema?: z.ZodType; content?: Record<string, unknown> };
  /** Endpoint-specific errors beyond the ones every endpoint can answer (401, 403, 404, 429). */
  errors?: Record<string, string>;
}

export const noParams = z.object({});

export function defineEndpoint<P extends z.ZodObject, Q extends z.ZodObject>(e: Endpoint<P, Q>): Endpoint<P, Q> {
  return e;
}

/** /api/v1/models/{slug} → the Next.js folder form /api/v1/models/[slug] */
export function routeFolderOf(path: string): string {
  return path.replace(/\{(\w+)\}/g, "[$1]");
}
