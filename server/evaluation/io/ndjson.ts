/**
 * NDJSON → columns: one JSON object per line. Nested `features` and `cohort` objects are
 * flattened (their keys become columns); camelCase API field names map to the CLI's column
 * names (requestId → request_id, latencyMs → latency_ms, costUsd → cost_usd, tokensIn → tokens_in,
 * tokensOut → tokens_out).
 */
import { parseNdjsonLine } from "../../files/ndjson-line";
import { ColumnBuilder, type RawTable } from "./column-builder";

const ALIASES: Record<string, string> = {
  requestId: "request_id",
  latencyMs: "latency_ms",
  costUsd: "cost_usd",
  tokensIn: "tokens_in",
  tokensOut: "tokens_out",
};
const NESTED = new Set(["features", "cohort", "cohorts"]);

export class NdjsonError extends Error {}

function* records(text: string): Generator<[number, Record<string, unknown>]> {
  let pos = 0;
  let line = 0;
  while (pos < text.length) {
    let nl = text.indexOf("\n", pos);
    if (nl === -1) nl = text.length;
    line++;
    const parsed = parseNdjsonLine(text.slice(pos, nl), line);
    pos = nl + 1;
    if (parsed === null) continue;
    if (!parsed.ok) throw new NdjsonError(parsed.message);
    yield [line, parsed.row];
  }
}

function flatten(obj: Record<string, unknown>, out: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    if (NESTED.has(k) && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [fk, fv] of Object.entries(v as Record<string, unknown>)) out.set(fk, fv);
    } else out.set(ALIASES[k] ?? k, v);
  }
}

export function readNdjsonText(text: string): RawTable {
  let rows = 0;
  for (const _ of records(text)) rows++;
  const builders = new Map<string, ColumnBuilder>();
  const names: string[] = [];
  let r = 0;
  const row = new Map<string, unknown>();
  for (const [, obj] of records(text)) {
    row.clear();
    flatten(obj, row);
    for (const [k, v] of row) {
      let b = builders.get(k);
      if (!b) {
        b = new ColumnBuilder(rows);
        builders.set(k, b);
        names.push(k);
      }
      b.set(r, v);
    }
    r++;
  }
  return { rows, names, columns: names.map((n) => builders.get(n)!.build()) };
}
