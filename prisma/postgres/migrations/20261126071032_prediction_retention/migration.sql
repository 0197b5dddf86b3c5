-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "retentionDays" INTEGER;


-- Retention (issue 12): old labels found by time, not by scanning every label of the model.
CREATE INDEX "label_model_ts" ON "label"("model_id", "ts", "request_id");
