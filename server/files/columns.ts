/**
 * Flat files name the prediction fields as columns, in any case and with or without separators
 * (`request_id`, `requestId`, `Request-ID`): the one mapping from a column name to the API field,
 * for baseline uploads and `evalbook ingest`.
 */
const API_FIELDS = {
  requestid: "requestId",
  timestamp: "timestamp",
  version: "version",
  prediction: "prediction",
  label: "label",
  latencyms: "latencyMs",
  costusd: "costUsd",
  tokensin: "tokensIn",
  tokensout: "tokensOut",
  error: "error",
} as const;
export type ApiField = (typeof API_FIELDS)[keyof typeof API_FIELDS];

/** The API field a column stands for, or undefined for a feature (or any other) column. */
export function apiFieldOf(column: string): ApiField | undefined {
  const key = column.toLowerCase().replace(/[_\-\s]/g, "");
  return Object.hasOwn(API_FIELDS, key) ? API_FIELDS[key as keyof typeof API_FIELDS] : undefined;
}
