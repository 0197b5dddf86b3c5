import { z } from "zod";
import {
  baselineResultSchema,
  errorSchema,
  ingestResultSchema,
  labelSchema,
  predictionSchema,
  rejectionSchema,
} from "./schemas";

/** The OpenAPI 3 document for /api/v1, generated from the zod schemas (z.toJSONSchema). */
export function openApiDocument(serverUrl?: string) {
  const registry = z.registry<{ id: string }>();
  registry.add(predictionSchema, { id: "Prediction" });
  registry.add(labelSchema, { id: "Label" });
  registry.add(rejectionSchema, { id: "Rejection" });
  registry.add(ingestResultSchema, { id: "IngestResult" });
  registry.add(baselineResultSchema, { id: "Baseline" });
  registry.add(errorSchema, { id: "Error" });
  const generated = z.toJSONSchema(registry, { target: "openapi-3.0", uri: (id) => `#/components/schemas/${id}`, io: "input" });
  const schemas: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(generated.schemas)) {
    const { $id: _id, ...rest } = s as Record<string, unknown>;
    schemas[id] = rest;
  }
  const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
  const err = (description: string) => ({ description, content: { "application/json": { schema: ref("Error") } } });
  const slug = { name: "slug", in: "path", required: true, description: "The model's slug (from its URL in the app)", schema: { type: "string" } };
  const common = {
    "401": err("Missing, malformed, unknown or revoked API key"),
    "403": err("The key is limited to other models"),
    "404": err("No model with this slug in the key's workspace"),
    "413": err("Body larger than INGEST_MAX_BODY_BYTES (default 10 MB) or more than INGEST_MAX_ROWS rows (default 50,000)"),
    "429": {
      ...err("Per-key rate limit (INGEST_RATE_LIMIT_PER_MINUTE) reached"),
      headers: { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } },
    },
  };
  const batchBody = (item: string) => ({
    required: true,
    description: "A JSON array of rows, or NDJSON (one JSON object per line). `Content-Encoding: gzip` is accepted.",
    content: {
      "application/json": { schema: { type: "array", items: ref(item) } },
      "application/x-ndjson": { schema: ref(item) },
    },
  });
  const ingestResponses = {
    "200": {
      description:
        "Stored after a durable commit. Good rows are kept even when others are rejected; replaying a batch stores nothing twice (duplicates).",
      content: { "application/json": { schema: ref("IngestResult") } },
    },
    "400": err("The body is not a JSON array or NDJSON, or an unsupported Content-Encoding"),
    ...common,
  };
  return {
    openapi: "3.0.3",
    info: {
      title: "evalbook HTTP API",
      version: "1.0.0",
      description:
        "Log predictions and labels, upload baselines. Authenticate with `Authorization: Bearer <api key>`; workspace admins create keys under Settings → API keys or with `evalbook keys create`. Errors are `{ error: { code, message, details? } }`.",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }],
    paths: {
      "/api/v1/models/{slug}/predictions": {
        post: {
          operationId: "logPredictions",
          summary: "Log predictions",
          description:
            "Structural faults (missing requestId, bad timestamp, wrong types, NaN/Infinity, unknown version when the model requires registered versions) reject only that row. Feature-contract violations are accepted and counted as data-quality signals.",
          parameters: [slug],
          requestBody: batchBody("Prediction"),
          responses: ingestResponses,
        },
      },
      "/api/v1/models/{slug}/labels": {
        post: {
          operationId: "logLabels",
          summary: "Log labels (ground truth)",
          description: "A label may arrive before its prediction; it is joined when the prediction comes, for every version that predicted that request.",
          parameters: [slug],
          requestBody: batchBody("Label"),
          responses: ingestResponses,
        },
      },
      "/api/v1/models/{slug}/baselines": {
        post: {
          operationId: "uploadBaseline",
          summary: "Upload a baseline (CSV, Parquet or NDJSON)",
          description:
            "The body is the file. Columns named prediction, label, timestamp, request_id, latency_ms, cost_usd are role columns; the others are features. NDJSON rows may be prediction-shaped ({ features: {...}, prediction, label }).",
          parameters: [
            slug,
            { name: "name", in: "query", required: true, schema: { type: "string" } },
            { name: "version", in: "query", required: false, description: "A registered version label to link", schema: { type: "string" } },
            { name: "format", in: "query", required: false, description: "Overrides Content-Type", schema: { type: "string", enum: ["csv", "parquet", "ndjson"] } },
            { name: "replace", in: "query", required: false, description: "Replace a baseline of the same name", schema: { type: "boolean" } },
          ],
          requestBody: {
            required: true,
            content: {
              "text/csv": { schema: { type: "string" } },
              "application/vnd.apache.parquet": { schema: { type: "string", format: "binary" } },
              "application/x-ndjson": { schema: { type: "string" } },
            },
          },
          responses: {
            "201": { description: "Stored", content: { "application/json": { schema: ref("Baseline") } } },
            "400": err("Unreadable file, unknown format or version"),
            "409": err("A baseline with this name exists (use replace=true)"),
            ...common,
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An evalbook API key (eb_live_…)" } },
      schemas,
    },
  };
}
