/**
 * Ingest thread: parses, validates and stores one request's batch off the web server's event loop
 * (see pool.ts). Several tasks may be in flight in one thread, so their writes share a group commit.
 * The thread has its own database connection (SQLite) or small pool (PostgreSQL).
 */
import { parentPort } from "node:worker_threads";
import { env } from "../env";
import { lowerThreadPriority } from "../threads/lower-priority";
import { predictionRepository } from "../predictions";
import { parseRecords } from "./body";
import { ingestLabels, ingestPredictions } from "./service";
import { toThreadError, type IngestReply, type IngestTask } from "./thread-protocol";

if (!parentPort) throw new Error("server/ingest/thread.ts must run in a worker thread");
const port = parentPort;

// Pages first (pool.ts).
lowerThreadPriority(env.INGEST_THREAD_NICE, "ingest thread");

port.on("message", async (task: IngestTask) => {
  let reply: IngestReply;
  try {
    const body = Buffer.from(task.body.buffer, task.body.byteOffset, task.body.byteLength);
    const records = parseRecords(body, task.contentType, task.maxRows);
    const repo = predictionRepository();
    const result = task.kind === "predictions" ? await ingestPredictions(repo, task.model, records, task.now) : await ingestLabels(repo, task.model, records, task.now);
    reply = { taskId: task.taskId, ok: true, result };
  } catch (err) {
    reply = { taskId: task.taskId, ok: false, error: toThreadError(err) };
  }
  port.postMessage(reply);
});
