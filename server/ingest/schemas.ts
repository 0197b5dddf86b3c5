import { z } from "zod";
import { FEATURE_TYPES } from "../../plugins/sdk";

/**
 * The public shapes of HTTP API v1 ingest (DESIGN §5). These zod schemas are the contract: the
 * OpenAPI document is generated from them (server/api/v1/openapi.ts), and the hand-written row
 * validator in validate.ts — which exists because zod costs ~10 µs per 20-feature row, a fifth of
 * the whole ingest budget — is tested to agree with them (test/integration/ingest/validate.test.ts).
 */

const finite = z.number().describe("A finite JSON number (NaN and ±Infinity are rejected)");

export const timestampSchema = z
  .union([
    z.string().describe("ISO 8601, e.g. 2026-11-25T17:56:12.330Z (a time without zone is UTC)"),
    z.number().int().describe("Epoch milliseconds"),
  ])
  .describe("When the prediction (or label) happened. ISO 8601 or epoch milliseconds; defaults to the time of receipt.");

export const featureValueSchema = z.union([finite, z.string(), z.boolean(), z.null()]);

export const predictionValueSchema = z
  .union([
    finite.describe("score, probability or regression value"),
    z.string().describe("class label or generated text"),
    z.boolean().describe("binary decision (stored as 1/0)"),
    z.array(finite).describe("class probabilities, index = class"),
    z.record(z.string(), finite).describe("class probabilities by class name"),
    z.array(z.union([z.string(), z.object({ id: z.string(), score: finite.optional() })])).describe("ranked list, best first"),
  ])
  .describe("The model output: a number, a class, class probabilities, a ranked list, or text.");

export const labelValueSchema = z
  .union([finite, z.string(), z.boolean(), z.array(z.union([z.string(), finite]))])
  .describe("Ground truth: 0/1, a value, a class, or (ranking) the relevant items.");

export const predictionSchema = z
  .object({
    requestId: z.string().min(1).max(256).describe("Unique per model and version; shadow/canary versions reuse production's requestId."),
    timestamp: timestampSchema.optional(),
    version: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("Model version label. Defaults to the model's production version. Must be registered when the model requires known versions."),
    features: z
      .record(z.string(), featureValueSchema)
      .optional()
      .describe("Model inputs by name. Values outside the feature contract are accepted and counted as data-quality signals."),
    prediction: predictionValueSchema,
    label: labelValueSchema.nullable().optional().describe("Ground truth, when it is already known."),
    latencyMs: finite.min(0).optional(),
    costUsd: finite.min(0).optional(),
    tokensIn: z.number().int().min(0).optional(),
    tokensOut: z.number().int().min(0).optional(),
    error: z.string().max(2000).nullable().optional().describe("Error message when the inference failed."),
    cohort: z.record(z.string(), z.string().nullable()).optional().describe("Cohort attributes: segment, region, tier, any key/value."),
    sampleRate: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe("Share of requests the client logs (0 < r ≤ 1, default 1). Each stored row stands for 1/r requests: counts, cost and tokens are scaled and marked estimated."),
  })
  .meta({ id: "Prediction" });

export const labelSchema = z
  .object({
    requestId: z.string().min(1).max(256),
    label: labelValueSchema,
    timestamp: timestampSchema.optional(),
  })
  .meta({ id: "Label" });

export const rejectionSchema = z
  .object({
    index: z.number().int().describe("0-based position of the row in the batch (NDJSON: the n-th non-empty line)"),
    field: z.string().describe("The offending field, e.g. requestId or features.txn_amount; empty for the whole row"),
    message: z.string(),
  })
  .meta({ id: "Rejection" });

export const ingestResultSchema = z
  .object({
    accepted: z.number().int().describe("Rows stored by this request"),
    duplicates: z.number().int().describe("Rows already stored (same model, version and requestId); nothing was stored twice"),
    rejected: z.array(rejectionSchema).describe("Rows refused for structural faults; the other rows were kept"),
    dataQuality: z
      .record(z.string(), z.number().int())
      .optional()
      .describe("Feature-contract violations among the accepted rows, by kind (out_of_range, new_category, missing_feature, unknown_feature, wrong_type, null_not_allowed)"),
  })
  .meta({ id: "IngestResult" });

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe("BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, PAYLOAD_TOO_LARGE, TOO_MANY_REQUESTS…"),
      message: z.string().describe("What went wrong and what to do about it"),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: "Error" });

export const baselineColumnSchema = z.object({
  name: z.string(),
  type: z.enum(FEATURE_TYPES),
  role: z.enum(["feature", "prediction", "label", "timestamp", "requestId", "latencyMs", "costUsd"]),
  missing: z.number().int(),
  distinct: z.number().int().describe("Distinct values (capped at 1001)"),
  min: z.number().nullable(),
  max: z.number().nullable(),
  categories: z.array(z.string()).optional().describe("Observed values of a categorical (or boolean) column"),
});

export const baselineResultSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.string().nullable(),
    format: z.enum(["csv", "parquet", "ndjson"]),
    rowCount: z.number().int(),
    columns: z.array(baselineColumnSchema),
    rejected: z.array(rejectionSchema).describe("Rows that could not be read (e.g. a CSV line with the wrong number of fields)"),
  })
  .meta({ id: "Baseline" });

export type PredictionInput = z.input<typeof predictionSchema>;
export type LabelInput = z.input<typeof labelSchema>;
export type IngestResult = z.infer<typeof ingestResultSchema>;
export type Rejection = z.infer<typeof rejectionSchema>;
export type BaselineColumn = z.infer<typeof baselineColumnSchema>;
export type BaselineResult = z.infer<typeof baselineResultSchema>;
