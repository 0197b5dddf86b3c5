-- AlterTable
ALTER TABLE "StageChange" ADD COLUMN "incidentId" TEXT;
ALTER TABLE "StageChange" ADD COLUMN "reason" TEXT;

-- CreateTable
CREATE TABLE "Guardrail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "notebookId" TEXT NOT NULL,
    "cellId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "metric" TEXT NOT NULL,
    "column" TEXT,
    "cohortMode" TEXT NOT NULL DEFAULT 'all',
    "op" TEXT NOT NULL,
    "warn" REAL,
    "fail" REAL NOT NULL,
    "severity" TEXT NOT NULL DEFAULT 'warning',
    "minSamples" INTEGER NOT NULL DEFAULT 0,
    "requireSignificance" BOOLEAN NOT NULL DEFAULT false,
    "fireAfter" INTEGER NOT NULL DEFAULT 1,
    "resolveAfter" INTEGER NOT NULL DEFAULT 2,
    "flapWindow" INTEGER NOT NULL DEFAULT 10,
    "flapThreshold" INTEGER NOT NULL DEFAULT 4,
    "renotifyMinutes" INTEGER,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "runbookIds" TEXT NOT NULL DEFAULT '[]',
    "rollbackMode" TEXT NOT NULL DEFAULT 'off',
    "rollbackUrl" TEXT,
    "rollbackSecret" TEXT,
    "rollbackTimeoutSeconds" INTEGER NOT NULL DEFAULT 10,
    "rollbackCooldownMinutes" INTEGER NOT NULL DEFAULT 60,
    "source" TEXT NOT NULL DEFAULT 'manual',
    "sloName" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Guardrail_notebookId_fkey" FOREIGN KEY ("notebookId") REFERENCES "Notebook" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GuardrailState" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "guardrailId" TEXT NOT NULL,
    "cohort" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'ok',
    "breachStreak" INTEGER NOT NULL DEFAULT 0,
    "okStreak" INTEGER NOT NULL DEFAULT 0,
    "recent" TEXT NOT NULL DEFAULT '[]',
    "lastValue" REAL,
    "lastRunId" TEXT,
    "changedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "flappingNotifiedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "GuardrailState_guardrailId_fkey" FOREIGN KEY ("guardrailId") REFERENCES "Guardrail" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "GuardrailEvaluation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "guardrailId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "cohorts" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "GuardrailEvaluation_guardrailId_fkey" FOREIGN KEY ("guardrailId") REFERENCES "Guardrail" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "guardrailId" TEXT NOT NULL,
    "cohort" TEXT NOT NULL,
    "openKey" TEXT,
    "state" TEXT NOT NULL DEFAULT 'open',
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "redLine" BOOLEAN NOT NULL DEFAULT false,
    "assignee" TEXT NOT NULL DEFAULT '',
    "openedRunId" TEXT NOT NULL,
    "lastRunId" TEXT NOT NULL,
    "lastValue" REAL,
    "breaches" INTEGER NOT NULL DEFAULT 1,
    "acknowledgedAt" DATETIME,
    "acknowledgedBy" TEXT,
    "resolvedAt" DATETIME,
    "resolvedBy" TEXT,
    "resolutionNote" TEXT,
    "lastNotifiedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Incident_guardrailId_fkey" FOREIGN KEY ("guardrailId") REFERENCES "Guardrail" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "IncidentEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "runId" TEXT,
    "value" REAL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL DEFAULT '',
    "body" TEXT NOT NULL DEFAULT '',
    "data" TEXT NOT NULL DEFAULT '{}',
    "dedupeKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "IncidentEvent_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RollbackRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "incidentId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,
    "guardrailId" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "fromVersion" TEXT NOT NULL,
    "toVersion" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "responseStatus" INTEGER,
    "responseBody" TEXT,
    "error" TEXT,
    "requestedBy" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "answeredAt" DATETIME,
    CONSTRAINT "RollbackRequest_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Guardrail_notebookId_idx" ON "Guardrail"("notebookId");

-- CreateIndex
CREATE INDEX "Guardrail_workspaceId_modelId_idx" ON "Guardrail"("workspaceId", "modelId");

-- CreateIndex
CREATE UNIQUE INDEX "Guardrail_modelId_name_key" ON "Guardrail"("modelId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "GuardrailState_guardrailId_cohort_key" ON "GuardrailState"("guardrailId", "cohort");

-- CreateIndex
CREATE INDEX "GuardrailEvaluation_guardrailId_createdAt_idx" ON "GuardrailEvaluation"("guardrailId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "GuardrailEvaluation_guardrailId_runId_key" ON "GuardrailEvaluation"("guardrailId", "runId");

-- CreateIndex
CREATE UNIQUE INDEX "Incident_openKey_key" ON "Incident"("openKey");

-- CreateIndex
CREATE INDEX "Incident_workspaceId_state_createdAt_idx" ON "Incident"("workspaceId", "state", "createdAt");

-- CreateIndex
CREATE INDEX "Incident_modelId_state_idx" ON "Incident"("modelId", "state");

-- CreateIndex
CREATE INDEX "Incident_guardrailId_cohort_idx" ON "Incident"("guardrailId", "cohort");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentEvent_dedupeKey_key" ON "IncidentEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "IncidentEvent_incidentId_createdAt_idx" ON "IncidentEvent"("incidentId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RollbackRequest_incidentId_key" ON "RollbackRequest"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "RollbackRequest_idempotencyKey_key" ON "RollbackRequest"("idempotencyKey");

-- CreateIndex
CREATE INDEX "RollbackRequest_modelId_sentAt_idx" ON "RollbackRequest"("modelId", "sentAt");

