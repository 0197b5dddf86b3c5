-- CreateIndex
CREATE INDEX "Run_workspaceId_modelId_status_createdAt_idx" ON "Run"("workspaceId", "modelId", "status", "createdAt");

