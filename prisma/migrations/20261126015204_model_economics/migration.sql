-- AlterTable
ALTER TABLE "Model" ADD COLUMN "costPerErrorUsd" REAL;
ALTER TABLE "Model" ADD COLUMN "valuePerCorrectUsd" REAL;

