/**
 * The reader's frame (every column a feature under its file name, frames.ts) → the frame an
 * evaluator sees, with the column conventions of the CLI: label, prediction, request_id,
 * timestamp, latency_ms, cost_usd are roles; every other column is a feature.
 */
import { createFrame, toCategorical, toNumeric, type CategoricalColumn, type Column, type Frame } from "@/plugins/sdk";
import { frameOfTable } from "./frames";
import type { RawTable } from "./table";

export interface RoleNames {
  label?: string;
  prediction?: string;
  requestId?: string;
  timestamp?: string;
  latencyMs?: string;
  costUsd?: string;
}

export const DEFAULT_ROLES: Required<RoleNames> = {
  label: "label",
  prediction: "prediction",
  requestId: "request_id",
  timestamp: "timestamp",
  latencyMs: "latency_ms",
  costUsd: "cost_usd",
};

function timestampMs(c: Column): Float64Array {
  if (c.type === "numeric") return c.values;
  const parsed = c.dictionary.map((d) => Date.parse(d));
  const out = new Float64Array(c.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = c.codes[i] < 0 ? NaN : parsed[c.codes[i]];
  return out;
}

export function withRoles(file: Frame, roles: RoleNames = {}): Frame {
  const r = { ...DEFAULT_ROLES, ...Object.fromEntries(Object.entries(roles).filter(([, v]) => v)) } as Required<RoleNames>;
  const byName = new Map(Object.entries(file.features));
  const take = (name: string) => {
    const c = byName.get(name);
    byName.delete(name);
    return c;
  };
  const label = take(r.label);
  const prediction = take(r.prediction);
  const requestId = take(r.requestId);
  const ts = take(r.timestamp);
  const lat = take(r.latencyMs);
  const cost = take(r.costUsd);
  const features: Record<string, Column> = Object.fromEntries(byName);
  return createFrame(
    {
      features,
      label,
      prediction,
      requestId: requestId ? (toCategorical(requestId) as CategoricalColumn) : undefined,
      timestamp: ts ? timestampMs(ts) : undefined,
      latencyMs: lat ? toNumeric(lat) : undefined,
      costUsd: cost ? toNumeric(cost) : undefined,
    },
    file.length,
  );
}

/** A whole table (read-table.ts) as the evaluator's frame. */
export function tableToFrame(t: RawTable, roles: RoleNames = {}): Frame {
  return withRoles(frameOfTable(t).frame, roles);
}
