-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN "expiresAt" DATETIME;
ALTER TABLE "Invitation" ADD COLUMN "tokenHash" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "modelIds" TEXT,
    "scopes" TEXT NOT NULL DEFAULT '["ingest"]',
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiKey_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Keys created before scopes existed could do everything: they keep every scope, so no client breaks.
INSERT INTO "new_ApiKey" ("createdAt", "createdById", "hash", "id", "lastUsedAt", "modelIds", "name", "prefix", "revokedAt", "workspaceId", "scopes") SELECT "createdAt", "createdById", "hash", "id", "lastUsedAt", "modelIds", "name", "prefix", "revokedAt", "workspaceId", '["ingest","read","run","report"]' FROM "ApiKey";
DROP TABLE "ApiKey";
ALTER TABLE "new_ApiKey" RENAME TO "ApiKey";
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");
CREATE INDEX "ApiKey_workspaceId_idx" ON "ApiKey"("workspaceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

