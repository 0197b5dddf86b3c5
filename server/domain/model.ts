import { z } from "zod";
import { MAX_UNIT_MONEY_USD, formatUsd } from "../format/money";

// The model inventory's vocabulary (DESIGN §2) and the shapes stored as JSON in SQLite.
export const TASKS = ["binary", "multiclass", "regression", "ranking", "generation"] as const;
export const STAGES = ["candidate", "shadow", "canary", "production", "retired"] as const;
export type Task = (typeof TASKS)[number];
export type Stage = (typeof STAGES)[number];

export const MAX_RETENTION_DAYS = 3650;

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const slugSchema = z
  .string()
  .trim()
  .min(1, "Slug is required")
  .max(64, "Slug must be at most 64 characters")
  .regex(SLUG_PATTERN, "Slug may contain only lowercase letters, digits and hyphens, and must start and end with a letter or digit");

export const sloSchema = z.object({
  name: z.string().trim().min(1, "SLO name is required").max(120),
  metric: z.string().trim().min(1, "SLO metric is required").max(80),
  op: z.enum(["<=", ">="]),
  target: z.number().finite(),
  unit: z.string().trim().max(20).optional(),
  /** the notebook that evaluates it (default: the model's oldest notebook with a cell reporting the metric) */
  notebookId: z.string().min(1).optional(),
  /** `each`: the SLO holds for every cohort, not only for all traffic */
  cohorts: z.enum(["all", "each"]).optional(),
});
export type Slo = z.infer<typeof sloSchema>;

export const tagsSchema = z
  .array(z.string().trim().min(1).max(40).regex(/^[\w .:/-]+$/, "Tags may contain letters, digits, spaces and . : / - _"))
  .max(30, "At most 30 tags");


/** A non-negative amount in USD (at most $1,000,000), with errors that name the field. */
function moneySchema(what: string) {
  return z
    .number({ error: `${what} must be an amount in USD, e.g. 0.30` })
    .min(0, `${what} cannot be negative`)
    .max(MAX_UNIT_MONEY_USD, `${what} must be at most ${formatUsd(MAX_UNIT_MONEY_USD)}`);
}

export const modelFieldsSchema = z.object({
  name: z.string().trim().min(1, "Name is required").max(120),
  description: z.string().max(5000).default(""),
  task: z.enum(TASKS),
  ownerTeam: z.string().trim().min(1, "Owner team is required").max(120),
  onCall: z.string().trim().min(1, "On-call contact is required").max(200),
  endpoint: z.string().trim().max(200).default(""),
  businessMetric: z.string().trim().max(200).default(""),
  tags: tagsSchema.default([]),
  slos: z.array(sloSchema).max(30).default([]),
  requireKnownVersion: z.boolean().default(false),
  /** USD gained per correct prediction / lost per wrong one (from the business metric): comparisons report net value per 1,000 requests */
  valuePerCorrectUsd: moneySchema("Value per correct prediction").nullable().optional(),
  costPerErrorUsd: moneySchema("Cost per error").nullable().optional(),
  /** Days raw predictions and labels are kept (the storage maintenance job deletes older ones); null = forever. Rollups are kept. */
  retentionDays: z
    .number({ error: "Retention must be a number of days, e.g. 90" })
    .int("Retention must be a whole number of days")
    .min(1, "Retention must be at least 1 day")
    .max(MAX_RETENTION_DAYS, `Retention must be at most ${MAX_RETENTION_DAYS} days (10 years); leave it empty to keep predictions forever`)
    .nullable()
    .optional(),
});

/** A model's editable fields as the create and update inputs take them (defaults applied). */
export type ModelFields = z.output<typeof modelFieldsSchema>;

export function parseJsonArray<T>(text: string | null | undefined, fallback: T[] = []): T[] {
  if (!text) return fallback;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : fallback;
  } catch {
    return fallback;
  }
}
