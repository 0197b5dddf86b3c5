/**
 * A maintenance pass in its own process, for the crash test (test/integration/ingest/maintenance.test.ts):
 * `node --import tsx maintenance-child.ts DB_FILE MODEL_ID compact|retain CUTOFF_MS`. Prints "batch"
 * after each committed transaction (the test kills it with SIGKILL after the first) and "finished".
 */
import Database from "better-sqlite3";
import { SqliteMaintenance } from "../../server/predictions/maintenance";

const [file, modelId, task, cutoff] = process.argv.slice(2);
const db = new Database(file!);
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 10000");
db.pragma("synchronous = FULL");
const m = new SqliteMaintenance(db, () => process.stdout.write("batch\n"));
const run = task === "compact" ? m.compact(modelId!, { targetRows: 1000 }) : m.deleteOlderThan(modelId!, Number(cutoff), { batchRows: 500 });
await run;
process.stdout.write("finished\n");
