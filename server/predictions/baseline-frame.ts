import type Database from "better-sqlite3";
import { createFrame, type Column, type Frame } from "../../plugins/sdk";
import { decodeHeader } from "./codec";
import { makeSink, type Sink } from "./sinks";
import type { BaselineColumn } from "../ingest/schemas";

/** A stored baseline as a Frame: features plus prediction/label/timestamp role columns. */
export function loadBaseline(db: Database.Database, baselineId: string): { frame: Frame; columns: BaselineColumn[] } {
  const meta = db.prepare<[string], { rowCount: number; columns: string }>(`SELECT rowCount, columns FROM "Baseline" WHERE id = ?`).get(baselineId);
  if (!meta) throw new Error(`no baseline ${baselineId}`);
  const chunks = db.prepare<[string], { n: number; data: Buffer }>(`SELECT n, data FROM baseline_chunk WHERE baseline_id = ? ORDER BY seq`).iterate(baselineId);
  return baselineFrame(JSON.parse(meta.columns) as BaselineColumn[], meta.rowCount, chunks);
}

/** Decodes a baseline's chunks (in order) into a Frame; shared by the SQLite and PostgreSQL stores. */
export function baselineFrame(columns: BaselineColumn[], total: number, chunks: Iterable<{ n: number; data: Buffer }>): { frame: Frame; columns: BaselineColumn[] } {
  const sinks = new Map<string, Sink>();
  for (const c of columns) sinks.set(c.name, makeSink(c.type === "numeric" ? "numeric" : "categorical", total));
  let pos = 0;
  for (const chunk of chunks) {
    const blob = decodeHeader(chunk.data);
    for (const [name, sink] of sinks) sink.append(blob, blob.byName.get(name), pos, null, chunk.n);
    pos += chunk.n;
  }
  const features: Record<string, Column> = {};
  const init: Parameters<typeof createFrame>[0] = { features };
  for (const c of columns) {
    const col = (sinks.get(c.name) as Sink).column();
    if (c.role === "feature") features[c.name] = col;
    else if (c.role === "prediction") init.prediction = col;
    else if (c.role === "label") init.label = col;
    else if (c.role === "requestId") init.requestId = col.type === "categorical" ? col : undefined;
    else if (col.type === "numeric") {
      if (c.role === "timestamp") init.timestamp = col.values;
      else if (c.role === "latencyMs") init.latencyMs = col.values;
      else if (c.role === "costUsd") init.costUsd = col.values;
    }
  }
  return { frame: createFrame(init, total), columns };
}
