import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { BaselineMeta, EncodedBaseline, StoredBaseline } from "./repository";

/** Writes an encoded baseline (Baseline row + chunks) in one IMMEDIATE transaction. */
export function persistBaseline(db: Database.Database, meta: BaselineMeta, data: EncodedBaseline): StoredBaseline {
  const id = `bl_${randomUUID().replace(/-/g, "").slice(0, 22)}`;
  const now = new Date().toISOString().replace("Z", "+00:00");
  const insertChunk = db.prepare(`INSERT INTO baseline_chunk (baseline_id, seq, n, data) VALUES (?, ?, ?, ?)`);
  db.transaction(() => {
    if (meta.replaceId) db.prepare(`DELETE FROM "Baseline" WHERE id = ?`).run(meta.replaceId);
    db.prepare(`INSERT INTO "Baseline" (id, modelId, name, versionId, format, rowCount, columns, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      id,
      meta.modelId,
      meta.name,
      meta.versionId,
      meta.format,
      data.rowCount,
      JSON.stringify(data.columns),
      now,
    );
    data.chunks.forEach((c, seq) => insertChunk.run(id, seq, c.n, c.data));
  }).immediate();
  return { id, name: meta.name, format: meta.format, rowCount: data.rowCount, columns: data.columns };
}
