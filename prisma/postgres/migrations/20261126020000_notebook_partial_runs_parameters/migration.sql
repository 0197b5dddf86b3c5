-- AlterTable
ALTER TABLE "Notebook" ADD COLUMN     "scheduleParameters" TEXT;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "cellIds" TEXT,
ADD COLUMN     "parameters" TEXT;

-- CreateIndex
CREATE INDEX "RunCell_cellId_finishedAt_idx" ON "RunCell"("cellId", "finishedAt");

