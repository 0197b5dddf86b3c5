-- AlterTable
ALTER TABLE "Notebook" ADD COLUMN "scheduleParameters" TEXT;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN "cellIds" TEXT;
ALTER TABLE "Run" ADD COLUMN "parameters" TEXT;

