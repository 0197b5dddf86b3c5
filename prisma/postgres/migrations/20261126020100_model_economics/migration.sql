-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "costPerErrorUsd" DOUBLE PRECISION,
ADD COLUMN     "valuePerCorrectUsd" DOUBLE PRECISION;

