-- Prediction, label and baseline storage on PostgreSQL: the layout of the SQLite migration
-- 20261125180100_ingest_storage (see server/predictions/STORAGE.md), hand-written because these
-- tables are not Prisma models. Segments and baseline chunks are the same codec blobs, as bytea.
-- Times are epoch milliseconds, as on SQLite (double precision: a client may send fractional ms).

CREATE TABLE "pred_series" (
    "id" BIGSERIAL PRIMARY KEY,
    "model_id" TEXT NOT NULL REFERENCES "Model" ("id") ON DELETE CASCADE,
    "version" TEXT NOT NULL
);
CREATE UNIQUE INDEX "pred_series_model_version" ON "pred_series"("model_id", "version");

CREATE TABLE "pred_segment" (
    "id" BIGSERIAL PRIMARY KEY,
    "series_id" BIGINT NOT NULL REFERENCES "pred_series" ("id") ON DELETE CASCADE,
    "ts_min" DOUBLE PRECISION NOT NULL,
    "ts_max" DOUBLE PRECISION NOT NULL,
    "n" INTEGER NOT NULL,
    "created_at" BIGINT NOT NULL,
    "data" BYTEA NOT NULL
);
-- The blobs are already compact (and mostly float64 columns): skip PostgreSQL's compression pass.
ALTER TABLE "pred_segment" ALTER COLUMN "data" SET STORAGE EXTERNAL;
CREATE INDEX "pred_segment_series_ts" ON "pred_segment"("series_id", "ts_min", "ts_max");

CREATE TABLE "pred_key" (
    "series_id" BIGINT NOT NULL REFERENCES "pred_series" ("id") ON DELETE CASCADE,
    "request_id" TEXT NOT NULL,
    "segment_id" BIGINT NOT NULL,
    "row" INTEGER NOT NULL,
    "ts" DOUBLE PRECISION NOT NULL,
    PRIMARY KEY ("series_id", "request_id")
);

CREATE TABLE "label" (
    "model_id" TEXT NOT NULL REFERENCES "Model" ("id") ON DELETE CASCADE,
    "request_id" TEXT NOT NULL,
    "value_num" DOUBLE PRECISION,
    "value_text" TEXT,
    "ts" DOUBLE PRECISION NOT NULL,
    "received_at" BIGINT NOT NULL,
    PRIMARY KEY ("model_id", "request_id")
);

CREATE TABLE "label_link" (
    "segment_id" BIGINT NOT NULL REFERENCES "pred_segment" ("id") ON DELETE CASCADE,
    "row" INTEGER NOT NULL,
    "value_num" DOUBLE PRECISION,
    "value_text" TEXT,
    "latency_ms" DOUBLE PRECISION NOT NULL,
    PRIMARY KEY ("segment_id", "row")
);

CREATE TABLE "pred_quality" (
    "series_id" BIGINT NOT NULL REFERENCES "pred_series" ("id") ON DELETE CASCADE,
    "day" INTEGER NOT NULL,
    "feature" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" BIGINT NOT NULL,
    PRIMARY KEY ("series_id", "day", "feature", "kind")
);

CREATE TABLE "baseline_chunk" (
    "baseline_id" TEXT NOT NULL REFERENCES "Baseline" ("id") ON DELETE CASCADE,
    "seq" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    PRIMARY KEY ("baseline_id", "seq")
);
