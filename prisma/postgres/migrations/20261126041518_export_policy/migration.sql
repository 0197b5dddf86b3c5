-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "exportPolicy" TEXT;

