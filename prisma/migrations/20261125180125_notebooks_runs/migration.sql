-- CreateTable
CREATE TABLE "Notebook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "defaults" TEXT NOT NULL DEFAULT '{}',
    "cells" TEXT NOT NULL DEFAULT '[]',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "template" TEXT,
    "createdById" TEXT,
    "updatedById" TEXT,
    "scheduleCron" TEXT,
    "scheduleTz" TEXT,
    "schedulePaused" BOOLEAN NOT NULL DEFAULT false,
    "scheduleUpdatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Notebook_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NotebookRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "notebookId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "defaults" TEXT NOT NULL,
    "cells" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "authorId" TEXT,
    "authorLabel" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NotebookRevision_notebookId_fkey" FOREIGN KEY ("notebookId") REFERENCES "Notebook" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "notebookId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "trigger" TEXT NOT NULL,
    "triggeredById" TEXT,
    "triggeredByLabel" TEXT NOT NULL DEFAULT '',
    "scheduledFor" DATETIME,
    "dedupeKey" TEXT,
    "notebookRevision" INTEGER NOT NULL,
    "snapshot" TEXT NOT NULL,
    "summary" TEXT,
    "resultStatus" TEXT,
    "error" TEXT,
    "cancelRequestedAt" DATETIME,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "Run_notebookId_fkey" FOREIGN KEY ("notebookId") REFERENCES "Notebook" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunCell" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "runId" TEXT NOT NULL,
    "cellId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "pluginRef" TEXT,
    "config" TEXT NOT NULL DEFAULT '{}',
    "selection" TEXT NOT NULL DEFAULT '{}',
    "result" TEXT,
    "resultStatus" TEXT,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "jobId" TEXT,
    "workerId" TEXT,
    "queuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    CONSTRAINT "RunCell_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Notebook_workspaceId_modelId_idx" ON "Notebook"("workspaceId", "modelId");

-- CreateIndex
CREATE INDEX "Notebook_modelId_updatedAt_idx" ON "Notebook"("modelId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "NotebookRevision_notebookId_revision_key" ON "NotebookRevision"("notebookId", "revision");

-- CreateIndex
CREATE UNIQUE INDEX "Run_dedupeKey_key" ON "Run"("dedupeKey");

-- CreateIndex
CREATE INDEX "Run_notebookId_createdAt_idx" ON "Run"("notebookId", "createdAt");

-- CreateIndex
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Run_workspaceId_createdAt_idx" ON "Run"("workspaceId", "createdAt");

-- CreateIndex
CREATE INDEX "RunCell_status_idx" ON "RunCell"("status");

-- CreateIndex
CREATE UNIQUE INDEX "RunCell_runId_cellId_key" ON "RunCell"("runId", "cellId");

