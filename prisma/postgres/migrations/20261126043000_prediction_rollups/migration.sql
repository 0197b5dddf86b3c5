-- Rollups and sample rates on PostgreSQL: the layout of the SQLite migration
-- 20261126043000_prediction_rollups (server/predictions/STORAGE.md, "Rollups"), hand-written.

CREATE TABLE "pred_rollup" (
    "series_id" BIGINT NOT NULL REFERENCES "pred_series" ("id") ON DELETE CASCADE,
    "day" INTEGER NOT NULL,
    "n" BIGINT NOT NULL,
    "w" DOUBLE PRECISION NOT NULL,
    "errors" BIGINT NOT NULL,
    "errors_w" DOUBLE PRECISION NOT NULL,
    "cost_w" DOUBLE PRECISION NOT NULL,
    "tokens_in_w" DOUBLE PRECISION NOT NULL,
    "tokens_out_w" DOUBLE PRECISION NOT NULL,
    "sampled" BIGINT NOT NULL,
    "min_rate" DOUBLE PRECISION NOT NULL,
    "ts_min" DOUBLE PRECISION,
    "ts_max" DOUBLE PRECISION,
    "latency" BYTEA,
    "labeled" BIGINT NOT NULL,
    "labeled_w" DOUBLE PRECISION NOT NULL,
    "label_latency" BYTEA,
    PRIMARY KEY ("series_id", "day")
);

ALTER TABLE "pred_key" ADD COLUMN "rate" DOUBLE PRECISION;

CREATE TABLE "pred_label_stats" (
    "model_id" TEXT NOT NULL PRIMARY KEY REFERENCES "Model" ("id") ON DELETE CASCADE,
    "labels" BIGINT NOT NULL,
    "waiting" BIGINT NOT NULL
);
INSERT INTO "pred_label_stats" ("model_id", "labels", "waiting")
SELECT l.model_id, count(*),
       count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM pred_key k JOIN pred_series s ON s.id = k.series_id
                                          WHERE s.model_id = l.model_id AND k.request_id = l.request_id))
FROM label l GROUP BY l.model_id;

CREATE TABLE "pred_rollup_pending" (
    "series_id" BIGINT NOT NULL PRIMARY KEY REFERENCES "pred_series" ("id") ON DELETE CASCADE,
    "model_id" TEXT NOT NULL
);
CREATE INDEX "pred_rollup_pending_model" ON "pred_rollup_pending"("model_id");
INSERT INTO "pred_rollup_pending" ("series_id", "model_id") SELECT s.id, s.model_id FROM pred_series s
WHERE EXISTS (SELECT 1 FROM pred_segment g WHERE g.series_id = s.id);
