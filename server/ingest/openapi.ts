import { z } from "zod";
import {
  baselineResultSchema,
  errorSchema,
  ingestResultSchema,
  labelSchema,
  predictionSchema,
  rejectionSchema,
} from "./schemas";

type ErrFn = (description: string) => unknown;
const json = (description: string) => ({ description, content: { "application/json": { schema: { type: "object" } } } });
const idParam = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string" } });

/** The inventory, notebook/run and report endpoints (their bodies are documented in prose). */
function readPaths({ slug, err, common }: { slug: unknown; err: ErrFn; common: Record<string, unknown> }) {
  const { "413": _tooLarge, ...auth } = common;
  return {
    "/api/v1/models": {
      get: {
        operationId: "listModels",
        summary: "List the model inventory",
        parameters: ["q", "task", "owner", "stage", "tag", "page", "pageSize"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
        responses: { "200": json("{ models: [...], page, pageSize, total } — owner, on-call, endpoint, business metric, tags, SLOs, production version"), "400": err("Invalid filter"), ...auth },
      },
    },
    "/api/v1/models/{slug}": {
      get: { operationId: "getModel", summary: "One model with versions, stage history, feature contract and SLOs", parameters: [slug], responses: { "200": json("The model"), ...auth } },
    },
    "/api/v1/models/{slug}/notebooks": {
      get: { operationId: "listNotebooks", summary: "The model's evaluation notebooks, with schedule and last run", parameters: [slug], responses: { "200": json("{ notebooks: [...] }"), ...auth } },
    },
    "/api/v1/notebooks/{id}/runs": {
      post: {
        operationId: "startRun",
        summary: "Start a run of a notebook",
        parameters: [idParam("id", "Notebook id")],
        responses: { "202": json("{ runId, status, url } — poll url for progress"), ...auth },
      },
    },
    "/api/v1/runs/{id}": {
      get: { operationId: "getRun", summary: "A run's status, progress, per-cell status and results per cohort", parameters: [idParam("id", "Run id")], responses: { "200": json("The run"), ...auth } },
    },
    "/api/v1/runs/{id}/reports": {
      post: {
        operationId: "createReport",
        summary: "Freeze a finished run into a report (optional JSON body: { title, narrative })",
        parameters: [idParam("id", "Run id")],
        responses: { "201": json("The report with its leadership summary"), "409": err("The run has not finished"), ...auth },
      },
    },
    "/api/v1/reports/{id}/links": {
      post: {
        operationId: "createShareLink",
        summary: "Create a share link (optional JSON body: { expiresInDays })",
        parameters: [idParam("id", "Report id")],
        responses: { "201": json("{ id, url, expiresAt } — the url is shown once"), ...auth },
      },
    },
    "/api/v1/reports/{id}/links/{linkId}": {
      delete: { operationId: "revokeShareLink", summary: "Revoke a share link", parameters: [idParam("id", "Report id"), idParam("linkId", "Link id")], responses: { "200": json("{ revoked }"), ...auth } },
    },
    "/api/v1/reports/{id}/export": {
      get: {
        operationId: "exportReport",
        summary: "Export a report as standalone HTML or PDF",
        parameters: [idParam("id", "Report id"), { name: "format", in: "query", required: true, schema: { type: "string", enum: ["html", "pdf"] } }],
        responses: { "200": { description: "The file", content: { "text/html": { schema: { type: "string" } }, "application/pdf": { schema: { type: "string", format: "binary" } } } }, "503": err("PDF needs Chromium: install it"), ...auth },
      },
    },
  };
}

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
      ...readPaths({ slug, err, common }),
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "An evalbook API key (eb_live_…)" } },
      schemas,
    },
  };
}
