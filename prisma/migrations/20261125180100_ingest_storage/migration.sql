-- Prediction, label and baseline storage for the ingest path (issue 3).
-- Hand-written: these tables are read and written only through better-sqlite3 prepared statements
-- (server/ingest/store.ts), never through Prisma, so they are not modelled in schema.prisma.
-- The layout is explained in server/ingest/STORAGE.md: predictions are stored as columnar
-- segments (one BLOB per batch and version) so that evaluators load a window as typed arrays.

-- One series per (model, version label). Versions need not be registered unless the model says so.
CREATE TABLE "pred_series" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "model_id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    CONSTRAINT "pred_series_model_fkey" FOREIGN KEY ("model_id") REFERENCES "Model" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "pred_series_model_version" ON "pred_series"("model_id", "version");

-- A columnar segment: the accepted, non-duplicate rows of one batch for one series.
CREATE TABLE "pred_segment" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "series_id" INTEGER NOT NULL,
    "ts_min" INTEGER NOT NULL,
    "ts_max" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "data" BLOB NOT NULL,
    CONSTRAINT "pred_segment_series_fkey" FOREIGN KEY ("series_id") REFERENCES "pred_series" ("id") ON DELETE CASCADE
);
CREATE INDEX "pred_segment_series_ts" ON "pred_segment"("series_id", "ts_min", "ts_max");

-- Dedupe index and locator: (series, requestId) → segment row. Unique per model and version.
CREATE TABLE "pred_key" (
    "series_id" INTEGER NOT NULL,
    "request_id" TEXT NOT NULL,
    "segment_id" INTEGER NOT NULL,
    "row" INTEGER NOT NULL,
    "ts" INTEGER NOT NULL,
    PRIMARY KEY ("series_id", "request_id"),
    CONSTRAINT "pred_key_series_fkey" FOREIGN KEY ("series_id") REFERENCES "pred_series" ("id") ON DELETE CASCADE
) WITHOUT ROWID;

-- Ground truth per (model, requestId); may arrive before the prediction.
CREATE TABLE "label" (
    "model_id" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "value_num" REAL,
    "value_text" TEXT,
    "ts" INTEGER NOT NULL,
    "received_at" INTEGER NOT NULL,
    PRIMARY KEY ("model_id", "request_id"),
    CONSTRAINT "label_model_fkey" FOREIGN KEY ("model_id") REFERENCES "Model" ("id") ON DELETE CASCADE
) WITHOUT ROWID;

-- A label joined to one stored prediction row (written when the second of the two arrives).
CREATE TABLE "label_link" (
    "segment_id" INTEGER NOT NULL,
    "row" INTEGER NOT NULL,
    "value_num" REAL,
    "value_text" TEXT,
    "latency_ms" INTEGER NOT NULL,
    PRIMARY KEY ("segment_id", "row"),
    CONSTRAINT "label_link_segment_fkey" FOREIGN KEY ("segment_id") REFERENCES "pred_segment" ("id") ON DELETE CASCADE
) WITHOUT ROWID;

-- Feature-contract violations (data-quality signals) per series, UTC day, feature and kind.
CREATE TABLE "pred_quality" (
    "series_id" INTEGER NOT NULL,
    "day" INTEGER NOT NULL,
    "feature" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    PRIMARY KEY ("series_id", "day", "feature", "kind"),
    CONSTRAINT "pred_quality_series_fkey" FOREIGN KEY ("series_id") REFERENCES "pred_series" ("id") ON DELETE CASCADE
) WITHOUT ROWID;

-- Baseline data in the same columnar codec, in chunks of up to 10,000 rows.
CREATE TABLE "baseline_chunk" (
    "baseline_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "n" INTEGER NOT NULL,
    "data" BLOB NOT NULL,
    PRIMARY KEY ("baseline_id", "seq"),
    CONSTRAINT "baseline_chunk_baseline_fkey" FOREIGN KEY ("baseline_id") REFERENCES "Baseline" ("id") ON DELETE CASCADE
) WITHOUT ROWID;
