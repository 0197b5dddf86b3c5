/**
 * A maintenance pass in its own process, for the crash tests (test/integration/ingest/maintenance.test.ts,
 * test/postgres/maintenance.test.ts): `node --import tsx maintenance-child.ts DB MODEL_ID compact|retain CUTOFF_MS`,
 * DB a SQLite file or a postgresql:// URL. Prints "batch" after each committed transaction (the
 * test kills it with SIGKILL after the first) and "finished" at the end.
 */
import Database from "better-sqlite3";
import { SqliteMaintenance } from "../../server/predictions/maintenance";

const [target, modelId, task, cutoff] = process.argv.slice(2);
const options = task === "compact" ? { targetRows: 1000 } : { batchRows: 500 };

async function main() {
  if (target!.startsWith("postgresql://")) {
    const { createPgPool } = await import("../../server/db/postgres");
    const { PgMaintenance } = await import("../../server/predictions/pg-maintenance");
    const m = new PgMaintenance(createPgPool(target, 2), () => process.stdout.write("batch\n"));
    await (task === "compact" ? m.compact(modelId!, options) : m.deleteOlderThan(modelId!, Number(cutoff), options));
  } else {
    const db = new Database(target!);
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    db.pragma("synchronous = FULL");
    const m = new SqliteMaintenance(db, () => process.stdout.write("batch\n"));
    await (task === "compact" ? m.compact(modelId!, options) : m.deleteOlderThan(modelId!, Number(cutoff), options));
  }
  process.stdout.write("finished\n");
  process.exit(0);
}
void main();
