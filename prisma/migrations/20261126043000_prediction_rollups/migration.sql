-- Rollups and sample rates (issues 12 and 16), hand-written like 20261125180100_ingest_storage:
-- these tables are read and written only through better-sqlite3 (server/predictions/store.ts).
-- Layout and reasons: server/predictions/STORAGE.md, "Rollups".

-- Per series (model × version) and UTC day: stored rows (n), the requests they stand for (w = Σ 1/rate),
-- weighted errors, cost and tokens, label coverage, and two DDSketch quantile sketches (protobuf).
CREATE TABLE "pred_rollup" (
    "series_id" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "w" REAL NOT NULL,
    "errors" INTEGER NOT NULL,
    "errors_w" REAL NOT NULL,
    "cost_w" REAL NOT NULL,
    "tokens_in_w" REAL NOT NULL,
    "tokens_out_w" REAL NOT NULL,
    "sampled" INTEGER NOT NULL,
    "min_rate" REAL NOT NULL,
    "ts_min" REAL,
    "ts_max" REAL,
    "latency" BLOB,
    "labeled" INTEGER NOT NULL,
    "labeled_w" REAL NOT NULL,
    "label_latency" BLOB,
    PRIMARY KEY ("series_id", "day"),
    CONSTRAINT "pred_rollup_series_fkey" FOREIGN KEY ("series_id") REFERENCES "pred_series" ("id") ON DELETE CASCADE
);

-- A prediction's sample rate next to its key (NULL = 1), so a label arriving later weighs its row.
ALTER TABLE "pred_key" ADD COLUMN "rate" REAL;

-- Labels per model and how many wait for their prediction: counters kept by the write path.
CREATE TABLE "pred_label_stats" (
    "model_id" TEXT NOT NULL PRIMARY KEY,
    "labels" INTEGER NOT NULL,
    "waiting" INTEGER NOT NULL,
    CONSTRAINT "pred_label_stats_model_fkey" FOREIGN KEY ("model_id") REFERENCES "Model" ("id") ON DELETE CASCADE
);
INSERT INTO "pred_label_stats" ("model_id", "labels", "waiting")
SELECT l.model_id, count(*),
       sum(CASE WHEN EXISTS (SELECT 1 FROM pred_key k JOIN pred_series s ON s.id = k.series_id
                             WHERE s.model_id = l.model_id AND k.request_id = l.request_id) THEN 0 ELSE 1 END)
FROM label l GROUP BY l.model_id;

-- Series stored before rollups existed: their rollups are rebuilt from the segments once, by the
-- first write or page read of their model (backfillRollups in store.ts), then removed from here.
CREATE TABLE "pred_rollup_pending" (
    "series_id" INTEGER NOT NULL PRIMARY KEY,
    "model_id" TEXT NOT NULL,
    CONSTRAINT "pred_rollup_pending_series_fkey" FOREIGN KEY ("series_id") REFERENCES "pred_series" ("id") ON DELETE CASCADE
);
CREATE INDEX "pred_rollup_pending_model" ON "pred_rollup_pending"("model_id");
INSERT INTO "pred_rollup_pending" ("series_id", "model_id") SELECT s.id, s.model_id FROM pred_series s
WHERE EXISTS (SELECT 1 FROM pred_segment g WHERE g.series_id = s.id);
