import { z } from "zod";

/**
 * What a key may do. `ingest`: log predictions/labels, upload baselines. `read`: the inventory,
 * notebooks and runs. `run`: start notebook runs. `report`: freeze runs into reports, share links,
 * exports. `incidents`: create and change guardrails, acknowledge and resolve incidents. New keys get `ingest` unless asked otherwise; keys from before scopes existed have all.
 */
export const API_KEY_SCOPES = ["ingest", "read", "run", "report", "incidents"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export const DEFAULT_SCOPES: ApiKeyScope[] = ["ingest"];
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES, {
  error: (issue) => `Unknown scope "${String(issue.input)}": use ${API_KEY_SCOPES.join(", ")}`,
});
