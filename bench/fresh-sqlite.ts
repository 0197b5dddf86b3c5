/**
 * A bench's own SQLite database: a temp dir, DATABASE_URL pointing at it and the migrations
 * applied. Call it before importing any server module (they read DATABASE_URL once); remove the
 * dir at the end.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function freshSqliteDatabase(tag: string): { dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `evalbook-bench-${tag}-`));
  process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
  execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], { env: { ...process.env, CHECKPOINT_DISABLE: "1" }, stdio: "ignore" });
  return { dir };
}

/** The workspace "bench" with one binary model "m", the rows every bench's data hangs off. */
export async function benchWorkspaceAndModel(prisma: typeof import("@/server/db/client").prisma) {
  const ws = await prisma.workspace.create({ data: { slug: "bench", name: "bench" } });
  const model = await prisma.model.create({ data: { workspaceId: ws.id, slug: "m", name: "Bench model", task: "binary", ownerTeam: "t", onCall: "oncall@example.com" } });
  return { ws, model };
}

/**
 * A fresh database with the pragmas set and the bench workspace and model in it; `close()`
 * disconnects and removes the dir. Server modules the bench needs are imported after this call.
 */
export async function openBenchDatabase(tag: string) {
  const { dir } = freshSqliteDatabase(tag);
  const { prisma, ensurePragmas } = await import("@/server/db/client");
  await ensurePragmas();
  const { ws, model } = await benchWorkspaceAndModel(prisma);
  const close = async () => {
    await prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { prisma, ws, model, close };
}
