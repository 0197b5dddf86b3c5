// Worker thread that reads one data file into columns (CSV / Parquet / NDJSON).
// Plain JS bootstrap: registers tsx so the TypeScript readers load without a build step.
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { readTable } = await import("./read-table.ts");

parentPort.on("message", async ({ file }) => {
  try {
    const t = await readTable(file);
    const transfer = [];
    for (const c of t.columns) if (c.type === "categorical" && !(c.codes.buffer instanceof SharedArrayBuffer)) transfer.push(c.codes.buffer);
    parentPort.postMessage({ ok: true, table: t }, transfer);
  } catch (e) {
    parentPort.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
  }
});
