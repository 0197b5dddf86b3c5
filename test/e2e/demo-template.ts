/**
 * The demo workspace seeded once per test run and copied for each e2e file, instead of seeding
 * (~10 s of CPU) in every file. The first file that asks seeds a copy of the migrated template
 * under an exclusive lock directory; the others wait for the finished file. A failed seed leaves
 * its message behind, so the waiting files fail with it instead of timing out.
 *
 * The copies keep the seed's state as it was: the demo runs it started are still queued in the
 * database, and each file's worker picks them up through the reconciler, as before.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createTestDatabase, templateDatabaseFile, type TestDatabase } from "../helpers/db";
import { seedDemo } from "./browser";

const WAIT_MS = 180_000;

function paths() {
  const dir = path.dirname(templateDatabaseFile());
  return {
    file: path.join(dir, "demo-template.db"),
    lock: path.join(dir, "demo-template.lock"),
    failure: path.join(dir, "demo-template.failed"),
  };
}

async function seedTemplate(file: string): Promise<void> {
  const db = createTestDatabase();
  try {
    await seedDemo(db.url);
    await db.prisma.$disconnect();
    // one self-contained file: fold the WAL in, so a plain copy carries every row
    const raw = new Database(db.file);
    raw.pragma("wal_checkpoint(TRUNCATE)");
    raw.pragma("journal_mode = DELETE");
    raw.close();
    renameSync(db.file, `${file}.part`);
    renameSync(`${file}.part`, file);
  } finally {
    await db.dispose();
  }
}

/** The seeded demo database's file, seeding it first when no file of this run has. */
async function demoTemplateFile(): Promise<string> {
  const { file, lock, failure } = paths();
  if (existsSync(file)) return file;
  let owner = false;
  try {
    mkdirSync(lock);
    owner = true;
  } catch {
    // another file is seeding
  }
  if (owner) {
    try {
      await seedTemplate(file);
    } catch (error) {
      writeFileSync(failure, (error as Error).message);
      throw error;
    }
    return file;
  }
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(file)) {
    if (existsSync(failure)) throw new Error(`seeding the shared demo database failed in another file: ${readFileSync(failure, "utf8")}`);
    if (Date.now() > deadline) throw new Error(`the shared demo database was not seeded within ${WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return file;
}

/** A fresh copy of the demo workspace as the seed leaves it. */
export async function demoDatabase(): Promise<TestDatabase> {
  return createTestDatabase({ template: await demoTemplateFile() });
}
