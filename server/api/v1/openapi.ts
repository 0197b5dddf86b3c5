import { z } from "zod";
import { errorSchema, ingestResultSchema, labelSchema, predictionSchema, rejectionSchema, baselineResultSchema } from "../../ingest/schemas";
import type { Endpoint } from "./endpoint";
import { V1_ENDPOINTS } from "./endpoints";

/**
 * The OpenAPI 3 document for /api/v1, generated from the endpoint list and its zod schemas
 * (z.toJSONSchema): the same schemas that validate the requests, so the two cannot drift.
 */

const NAMED: Array<[z.ZodType, string]> = [
  [predictionSchema, "Prediction"],
  [labelSchema, "Label"],
  [rejectionSchema, "Rejection"],
  [ingestResultSchema, "IngestResult"],
  [baselineResultSchema, "Baseline"],
  [errorSchema, "Error"],
];

/** The part of a generated JSON Schema (OpenAPI 3.0 flavour) that the API page reads. */
export interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  $ref?: string;
  additionalProperties?: JsonSchema | boolean;
  nullable?: boolean;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  description?: string;
  "x-evalbook-scope": string;
  parameters: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of NAMED) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, { target: "openapi-3.0", uri: (id) => `#/components/schemas/${id}`, io: "input" });
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, s] of Object.entries(generated.schemas)) {
    const { $id: _id, ...rest } = s;
    schemas[id] = rest as JsonSchema; // zod's JSON Schema type, narrowed to what we read
  }
  return schemas;
}

/** A named schema becomes a $ref; any other is inlined. */
function schemaOf(schema: unknown): unknown {
  if (!(schema instanceof z.ZodType)) return schema;
  const named = NAMED.find(([s]) => s === schema);
  if (named) return ref(named[1]);
  if (schema instanceof z.ZodArray) {
    const item = NAMED.find(([s]) => s === schema.element);
    if (item) return { type: "array", items: ref(item[1]) };
  }
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { target: "openapi-3.0", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function parameters(e: Endpoint) {
  const out: unknown[] = [];
  for (const [where, obj] of [["path", e.params], ["query", e.query]] as const) {
    if (!obj) continue;
    const json = z.toJSONSchema(obj, { target: "openapi-3.0", io: "input", unrepresentable: "any" }) as { properties?: Record<string, { description?: string }>; required?: string[] };
    for (const [name, s] of Object.entries(json.properties ?? {})) {
      const { description, ...schema } = s;
      out.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), ...(description ? { description } : {}), schema });
    }
  }
  return out;
}

function requestBody(e: Endpoint) {
  if (e.jsonBody) return { required: false, content: { "application/json": { schema: schemaOf(e.jsonBody) } } };
  if (!e.rawBody) return undefined;
  const content = Object.fromEntries(
    Object.entries((e.rawBody.content ?? {}) as Record<string, { schema: unknown }>).map(([type, c]) => [type, { schema: schemaOf(c.schema) }]),
  );
  return { ...e.rawBody, content };
}

function responses(e: Endpoint) {
  const err = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });
  const success = e.success.content
    ? { description: e.success.description, content: e.success.content }
    : { description: e.success.description, content: { "application/json": { schema: e.success.schema ? schemaOf(e.success.schema) : { type: "object" } } } };
  const limit = e.limit === "render" ? "EXPORT_RATE_LIMIT_PER_MINUTE (exports per key)" : "INGEST_RATE_LIMIT_PER_MINUTE (requests per key)";
  return {
    [String(e.success.status)]: success,
    ...Object.fromEntries(Object.entries(e.errors ?? {}).map(([status, d]) => [status, err(d)])),
    "401": err("Missing, malformed, unknown or revoked API key"),
    "403": err(`The key lacks the "${e.scope}" scope, or is limited to other models`),
    "404": err("No such model, notebook, run or report in the key's workspace"),
    "429": { ...err(`Rate limit ${limit} reached`), headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } } },
  };
}

export function openApiDocument(serverUrl?: string) {
  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  for (const e of V1_ENDPOINTS) {
    const body = requestBody(e);
    (paths[e.path] ??= {})[e.method.toLowerCase()] = {
      operationId: e.operationId,
      summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      "x-evalbook-scope": e.scope,
      parameters: parameters(e),
      ...(body ? { requestBody: body } : {}),
      responses: responses(e),
    };
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "evalbook HTTP API",
      version: "1.0.0",
      description:
        "Log predictions and labels, upload baselines, read the inventory, run notebooks, freeze and share reports. Authenticate with `Authorization: Bearer <api key>`; workspace admins create keys under Settings → API keys or with `evalbook keys create`. Each key has scopes — ingest, read, run, report — and each operation names the one it needs (x-evalbook-scope). Errors are `{ error: { code, message, details? } }`.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An evalbook API key (eb_live_…)" } },
      schemas: componentSchemas(),
    },
  };
}
