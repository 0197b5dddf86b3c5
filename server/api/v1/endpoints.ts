import { z } from "zod";
import { baselineResultSchema, ingestResultSchema, labelSchema, predictionSchema } from "../../ingest/schemas";
import { listModelsInput } from "../../services/models";
import { createLinkInput, reportEditInput } from "../../reports/service";
import { guardrailFieldsSchema } from "../../control/guardrails/types";
import { notebookDocumentSchema } from "../../control/guardrails/notebook-document";
import { acknowledgeIncidentInput, INCIDENT_STATES, resolveIncidentInput } from "../../control/incidents/service";
import { runRequestSchema } from "../../notebooks/parameters";
import { exportQuerySchema } from "../../export/policy";
import { defineEndpoint, noParams, type Endpoint } from "./endpoint";

/**
 * Every /api/v1 endpoint (DESIGN §5). A route file under app/api/v1 pairs one of these with one
 * service call; the OpenAPI document (openapi.ts) lists exactly this array.
 */

const slug = z.object({ slug: z.string().min(1).describe("The model's slug (from its URL in the app)") });
const byId = (what: string) => z.object({ id: z.string().min(1).describe(`${what} id`) });
const json = (description: string) => ({ description });

const batchBody = (item: z.ZodType) => ({
  required: true,
  description: "A JSON array of rows, or NDJSON (one JSON object per line). `Content-Encoding: gzip` is accepted.",
  content: {
    "application/json": { schema: z.array(item) },
    "application/x-ndjson": { schema: item },
  },
});
const tooLarge = "Body larger than INGEST_MAX_BODY_BYTES (default 10 MB) or more than INGEST_MAX_ROWS rows (default 50,000)";

export const logPredictions = defineEndpoint({
  method: "POST",
  path: "/api/v1/models/{slug}/predictions",
  operationId: "logPredictions",
  summary: "Log predictions",
  description:
    "Structural faults (missing requestId, bad timestamp, wrong types, NaN/Infinity, unknown version when the model requires registered versions) reject only that row. Feature-contract violations are accepted and counted as data-quality signals.",
  scope: "ingest",
  params: slug,
  rawBody: batchBody(predictionSchema),
  success: {
    status: 200,
    description: "Stored after a durable commit. Good rows are kept even when others are rejected; replaying a batch stores nothing twice (duplicates).",
    schema: ingestResultSchema,
  },
  errors: { "400": "The body is not a JSON array or NDJSON, or an unsupported Content-Encoding", "413": tooLarge },
});

export const logLabels = defineEndpoint({
  method: "POST",
  path: "/api/v1/models/{slug}/labels",
  operationId: "logLabels",
  summary: "Log labels (ground truth)",
  description: "A label may arrive before its prediction; it is joined when the prediction comes, for every version that predicted that request.",
  scope: "ingest",
  params: slug,
  rawBody: batchBody(labelSchema),
  success: { status: 200, description: "Stored after a durable commit; duplicates are counted, not stored twice.", schema: ingestResultSchema },
  errors: { "400": "The body is not a JSON array or NDJSON, or an unsupported Content-Encoding", "413": tooLarge },
});

export const uploadBaseline = defineEndpoint({
  method: "POST",
  path: "/api/v1/models/{slug}/baselines",
  operationId: "uploadBaseline",
  summary: "Upload a baseline (CSV, Parquet or NDJSON)",
  description:
    "The body is the file. Columns named prediction, label, timestamp, request_id, latency_ms, cost_usd are role columns; the others are features. NDJSON rows may be prediction-shaped ({ features: {...}, prediction, label }).",
  scope: "ingest",
  session: "editor",
  params: slug,
  query: z.object({
    name: z.string().default("").describe("The baseline's name (required)"),
    version: z.string().optional().describe("A registered version label to link"),
    format: z.string().optional().describe("csv, parquet or ndjson; overrides Content-Type"),
    filename: z.string().optional().describe("The uploaded file's name (its extension hints the format)"),
    replace: z.string().optional().describe("true: replace a baseline of the same name"),
  }),
  rawBody: {
    required: true,
    content: {
      "text/csv": { schema: { type: "string" } },
      "application/vnd.apache.parquet": { schema: { type: "string", format: "binary" } },
      "application/x-ndjson": { schema: { type: "string" } },
    },
  },
  success: { status: 201, description: "Stored", schema: baselineResultSchema },
  errors: { "400": "Unreadable file, unknown format or version", "409": "A baseline with this name exists (use replace=true)", "413": "File larger than ten times INGEST_MAX_BODY_BYTES" },
});

const optionalNumber = z
  .string()
  .regex(/^\d+$/, "a whole number")
  .transform(Number)
  .optional();

export const listModels = defineEndpoint({
  method: "GET",
  path: "/api/v1/models",
  operationId: "listModels",
  summary: "List the model inventory",
  scope: "read",
  params: noParams,
  query: z.object({
    q: listModelsInput.shape.q.describe("Search in slug, name and description"),
    task: listModelsInput.shape.task,
    owner: listModelsInput.shape.ownerTeam.describe("Owner team"),
    stage: listModelsInput.shape.stage.describe("Models with a version in this stage"),
    tag: listModelsInput.shape.tag,
    page: optionalNumber.describe("Page number, from 1"),
    pageSize: optionalNumber.describe("Models per page, at most 100 (default 100)"),
  }),
  success: { status: 200, ...json("{ models: [...], page, pageSize, total } — owner, on-call, endpoint, business metric, tags, SLOs, production version") },
  errors: { "400": "Invalid filter" },
});

export const getModel = defineEndpoint({
  method: "GET",
  path: "/api/v1/models/{slug}",
  operationId: "getModel",
  summary: "One model with versions, stage history, feature contract and SLOs",
  scope: "read",
  params: slug,
  success: { status: 200, ...json("The model") },
});

export const getModelTraffic = defineEndpoint({
  method: "GET",
  path: "/api/v1/models/{slug}/traffic",
  operationId: "getModelTraffic",
  summary: "The model's traffic per version and UTC day, from the rollups: requests, errors, latency, label coverage",
  scope: "read",
  params: slug,
  success: {
    status: 200,
    ...json(
      "{ estimated, sampleNote, sample: { rows, requests, sampledRows }, versions: [...], daily: [...], serving: [...], labels, labelsWaiting } — " +
        "when `estimated`, requests, errors, cost and tokens are scaled by 1 / sampleRate (`sampleNote`: \"from a 5% sample\"); `rows` is the sample size",
    ),
  },
});

export const listNotebooks = defineEndpoint({
  method: "GET",
  path: "/api/v1/models/{slug}/notebooks",
  operationId: "listNotebooks",
  summary: "The model's evaluation notebooks, with schedule and last run",
  scope: "read",
  params: slug,
  success: { status: 200, ...json("{ notebooks: [...] }") },
});

export const startRun = defineEndpoint({
  method: "POST",
  path: "/api/v1/notebooks/{id}/runs",
  operationId: "startRun",
  summary: "Start a run of a notebook (every cell, or only some)",
  description:
    'An empty body runs every cell. `cells` runs only those cells (a partial run, recorded as such): a chart cell brings the cell it draws, and the charts drawing a chosen cell re-draw from its new result. `parameters` override the notebook\'s data-selection defaults for this run only and are recorded on it: `{ "window": "last 14 days", "versions": ["v3.3"] }` (window in words — "last N hours|days|weeks", "since last run" — or a window object). Cells with their own window or versions keep theirs.',
  scope: "run",
  session: "editor",
  params: byId("Notebook"),
  jsonBody: runRequestSchema,
  success: { status: 202, ...json("{ runId, status, partial, cells, parameters, url } — poll url for progress") },
  errors: { "400": "An unknown cell id (field cells.N), a window that is not one, an unknown parameter, or nothing to compute" },
});

export const getNotebook = defineEndpoint({
  method: "GET",
  path: "/api/v1/notebooks/{id}",
  operationId: "getNotebook",
  summary: "A notebook: its data-selection defaults, schedule and cells, each with its latest result and stale flag",
  description:
    "Each cell carries `latest` (the newest finished result of that cell from any run, full or partial: run id, when, status, result per cohort), `stale` with `staleReasons` (its config, data selection, notebook defaults or evaluator version changed since), `newPredictions` (stored since the result was computed) and `pending` (a run computing it now).",
  scope: "read",
  params: byId("Notebook"),
  success: { status: 200, ...json("{ id, title, model, defaults, schedule, revision, cells: [{ id, type, …, latest, stale, staleReasons, newPredictions, pending }] }") },
});

export const getRun = defineEndpoint({
  method: "GET",
  path: "/api/v1/runs/{id}",
  operationId: "getRun",
  summary: "A run's status, progress, per-cell status and results per cohort",
  scope: "read",
  params: byId("Run"),
  success: { status: 200, ...json("The run") },
});

export const createReport = defineEndpoint({
  method: "POST",
  path: "/api/v1/runs/{id}/reports",
  operationId: "createReport",
  summary: "Freeze a finished run into a report",
  scope: "report",
  params: byId("Run"),
  jsonBody: reportEditInput,
  success: { status: 201, ...json("The report with its leadership summary") },
  errors: { "400": "Invalid body", "409": "The run has not finished" },
});

export const createShareLink = defineEndpoint({
  method: "POST",
  path: "/api/v1/reports/{id}/links",
  operationId: "createShareLink",
  summary: "Create a share link",
  scope: "report",
  params: byId("Report"),
  jsonBody: createLinkInput,
  success: { status: 201, ...json("{ id, url, expiresAt } — the url is shown once") },
  errors: { "400": "Invalid body" },
});

export const revokeShareLink = defineEndpoint({
  method: "DELETE",
  path: "/api/v1/reports/{id}/links/{linkId}",
  operationId: "revokeShareLink",
  summary: "Revoke a share link",
  scope: "report",
  params: z.object({ id: z.string().min(1).describe("Report id"), linkId: z.string().min(1).describe("Link id") }),
  success: { status: 200, ...json("{ revoked }") },
});

export const exportFormatQuery = z.object({
  format: z
    .enum(["html", "pdf"], { error: (issue) => `Unknown export format "${String(issue.input)}": use format=html or format=pdf.` })
    .default("html")
    .describe("html (default): one standalone file; pdf: printed by headless Chromium"),
});

export const exportReport = defineEndpoint({
  method: "GET",
  path: "/api/v1/reports/{id}/export",
  operationId: "exportReport",
  summary: "Export a report as standalone HTML or PDF",
  scope: "report",
  limit: "render",
  params: byId("Report"),
  query: exportFormatQuery,
  success: {
    status: 200,
    description: "The file",
    content: { "text/html": { schema: { type: "string" } }, "application/pdf": { schema: { type: "string", format: "binary" } } },
  },
  errors: { "400": "Unknown format", "503": "PDF needs Chromium: install it" },
});

export const exportTrainingSet = defineEndpoint({
  method: "GET",
  path: "/api/v1/models/{slug}/export",
  operationId: "exportTrainingSet",
  summary: "Export a window as a training set (Parquet or CSV), streamed",
  description:
    "One row per request — deduplicated across versions, the production version's features first — with request_id, version, timestamp, the feature contract's columns, label and label_at (when the label arrived). Parameters left out come from the model's saved export policy (labelled only and data-quality exclusion by default). The response is streamed: millions of rows export in bounded memory; closing the connection stops the export. Every export is in the model's audit trail.",
  scope: "read",
  session: "editor",
  limit: "render",
  params: slug,
  query: exportQuerySchema,
  success: {
    status: 200,
    description: "The file (Content-Disposition names it)",
    content: { "application/vnd.apache.parquet": { schema: { type: "string", format: "binary" } }, "text/csv": { schema: { type: "string" } } },
  },
  errors: { "400": "A bad parameter (named in details.fields), an unknown version, or a model without a feature contract" },
});

const booleanQuery = z.enum(["true", "false"]).transform((v) => v === "true");

export const exportNotebookDocument = defineEndpoint({
  method: "GET",
  path: "/api/v1/notebooks/{id}/document",
  operationId: "exportNotebookDocument",
  summary: "A notebook as one JSON document: cells, data-selection defaults and its guardrails",
  description:
    "Guardrails reference their cell by id (`cell`) and runbooks by title; SLO guardrails and rollback secrets are not included. Send the document back with PUT to change the notebook and its guardrails together.",
  scope: "read",
  session: "viewer",
  params: byId("Notebook"),
  success: { status: 200, ...json("{ format, model, revision, title, description, defaults, cells, guardrails }") },
});

export const importNotebookDocument = defineEndpoint({
  method: "PUT",
  path: "/api/v1/notebooks/{id}/document",
  operationId: "importNotebookDocument",
  summary: "Replace a notebook's cells, defaults and guardrails from a JSON document",
  description:
    "Everything is validated before anything is saved (cells, and each guardrail against the cells of the document: unknown metric, an operator that does not fit, a warn line stricter than the fail line); a 400 lists every problem with its path, e.g. `guardrails[2].warn`, and changes nothing. Guardrails are matched by name: new ones are created, changed ones updated, and — when `guardrails` is given — the notebook's guardrails missing from it are deleted. With `revision`, the import is refused (409) if the notebook changed since that revision. `?dryRun=true` validates and returns the plan without saving.",
  scope: "incidents",
  session: "editor",
  params: byId("Notebook"),
  query: z.object({ dryRun: booleanQuery.optional().describe("true: validate and return the plan, save nothing") }),
  jsonBody: notebookDocumentSchema,
  success: { status: 200, ...json("{ dryRun, plan: { cells, created, updated, unchanged, deleted }, revision }") },
  errors: { "400": "Invalid document (details.fields name each path)", "409": "The notebook changed since `revision`" },
});

export const listGuardrails = defineEndpoint({
  method: "GET",
  path: "/api/v1/models/{slug}/guardrails",
  operationId: "listGuardrails",
  summary: "The model's guardrails with their state per cohort",
  description: "Manual guardrails and those made from the model's SLOs; each with its rule, its state per cohort (ok, warning, alert, no_data, paused, flapping), the latest value and its open incidents.",
  scope: "read",
  params: slug,
  success: { status: 200, ...json("{ guardrails, unboundSlos }") },
});

export const createGuardrail = defineEndpoint({
  method: "POST",
  path: "/api/v1/models/{slug}/guardrails",
  operationId: "createGuardrail",
  summary: "Create a guardrail",
  description: "Watches one metric of one evaluator cell of the model's notebook. Validated before saving: an unknown metric or cell, a warn line past the fail line, a rollback without a URL are 400 with the field.",
  scope: "incidents",
  session: "editor",
  params: slug,
  jsonBody: guardrailFieldsSchema,
  success: { status: 201, ...json("The guardrail (the rollback secret is never returned)") },
  errors: { "400": "Invalid guardrail (details name the field)" },
});

export const updateGuardrail = defineEndpoint({
  method: "PUT",
  path: "/api/v1/guardrails/{id}",
  operationId: "updateGuardrail",
  summary: "Replace a guardrail's rule",
  description: "The whole rule, as for create; omit rollbackSecret to keep the stored one. Guardrails made from SLOs change with the SLO.",
  scope: "incidents",
  session: "editor",
  params: byId("Guardrail"),
  jsonBody: guardrailFieldsSchema,
  success: { status: 200, ...json("The guardrail") },
  errors: { "400": "Invalid guardrail, or one made from an SLO" },
});


export const listIncidents = defineEndpoint({
  method: "GET",
  path: "/api/v1/incidents",
  operationId: "listIncidents",
  summary: "Incidents of the workspace, newest first",
  scope: "read",
  params: noParams,
  query: z.object({
    state: z.enum(["active", ...INCIDENT_STATES, "any"]).default("active").describe("active (default) = open or acknowledged"),
    model: z.string().max(64).optional().describe("A model slug"),
    severity: z.enum(["info", "warning", "critical"]).optional(),
    owner: z.string().max(200).optional().describe("The model's owner team or the incident's assignee"),
    redLine: booleanQuery.optional().describe("true: only red lines (guardrails with a rollback action)"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().optional().describe("nextCursor of the previous page"),
  }),
  success: { status: 200, ...json("{ items, nextCursor }") },
});

export const getIncident = defineEndpoint({
  method: "GET",
  path: "/api/v1/incidents/{id}",
  operationId: "getIncident",
  summary: "One incident: guardrail, values, runbooks, timeline, rollback, notifications",
  scope: "read",
  params: byId("Incident"),
  success: { status: 200, ...json("The incident") },
});

export const acknowledgeIncident = defineEndpoint({
  method: "POST",
  path: "/api/v1/incidents/{id}/acknowledge",
  operationId: "acknowledgeIncident",
  summary: "Acknowledge an open incident",
  scope: "incidents",
  session: "editor",
  params: byId("Incident"),
  jsonBody: acknowledgeIncidentInput,
  success: { status: 200, ...json("{ id, state }") },
  errors: { "409": "The incident is not open" },
});

export const resolveIncident = defineEndpoint({
  method: "POST",
  path: "/api/v1/incidents/{id}/resolve",
  operationId: "resolveIncident",
  summary: "Resolve an incident by hand, with a note",
  scope: "incidents",
  session: "editor",
  params: byId("Incident"),
  jsonBody: resolveIncidentInput,
  success: { status: 200, ...json("{ id, state }") },
  errors: { "400": "The note is missing", "409": "Already resolved" },
});

export const listIncidentDeliveries = defineEndpoint({
  method: "GET",
  path: "/api/v1/incidents/{id}/deliveries",
  operationId: "listIncidentDeliveries",
  summary: "The notifications an incident sent, per channel, with their outcome",
  scope: "read",
  params: byId("Incident"),
  success: { status: 200, ...json("{ deliveries }") },
});

export const V1_ENDPOINTS: Endpoint[] = [
  logPredictions,
  logLabels,
  uploadBaseline,
  listModels,
  getModel,
  getModelTraffic,
  listNotebooks,
  getNotebook,
  startRun,
  getRun,
  createReport,
  createShareLink,
  revokeShareLink,
  exportReport,
  exportTrainingSet,
  exportNotebookDocument,
  importNotebookDocument,
  listGuardrails,
  createGuardrail,
  updateGuardrail,
  listIncidents,
  getIncident,
  acknowledgeIncident,
  resolveIncident,
  listIncidentDeliveries,
];

/** Not part of the public API (not in the document): the model page's training-set download, for editors. */
export const appTrainingSetExport = defineEndpoint({
  ...exportTrainingSet,
  path: "/api/w/{workspace}/models/{slug}/export",
  operationId: "appExportTrainingSet",
  params: slug.extend({ workspace: z.string().min(1).describe("Workspace slug") }),
});

/** Not part of the public API (not in the document): the report page's download buttons, for members. */
export const appReportExport = defineEndpoint({ ...exportReport, path: "/api/reports/{id}/export", operationId: "appExportReport", session: "viewer" });
