/**
 * Benchmark: `evalbook evaluate`'s Parquet reader (server/files/read-table.ts) on ROWS × COLS
 * doubles (default 1M × 10, 80 MB of data) in row groups of GROUP rows. Prints wall seconds and
 * the peak RSS of a fresh process that only reads the file, the RSS of that process before
 * reading, and the data size. Goal: peak ≤ data + 100 MB.
 *
 *   npx tsx bench/parquet.ts            (ROWS=1000000 COLS=10 GROUP=100000)
 *
 * The file (bench/out/) is written by test/helpers/parquet-writer.ts: REQUIRED DOUBLE columns,
 * PLAIN encoding, uncompressed, one data page per column chunk.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeDoublesParquet } from "../test/helpers/parquet-writer";

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const COLS = Number(process.env.COLS ?? 10);
const GROUP = Number(process.env.GROUP ?? 100_000);

async function readOnly(file: string) {
  const before = process.memoryUsage().rss / 2 ** 20;
  const { readTable } = await import("@/server/files/read-table");
  const loaded = process.memoryUsage().rss / 2 ** 20;
  const t = performance.now();
  const table = await readTable(file);
  const s = (performance.now() - t) / 1000;
  let sum = 0;
  for (const c of table.columns) if (c.type === "numeric") for (let i = 0; i < c.values.length; i += 1000) sum += c.values[i];
  console.log(JSON.stringify({ s, rows: table.rows, cols: table.columns.length, before, loaded, peak: process.resourceUsage().maxRSS / 1024, check: sum }));
}

function writeBenchFile(file: string) {
  let seed = 7;
  const columns: Record<string, Float64Array> = {};
  for (let c = 0; c < COLS; c++) {
    const data = new Float64Array(ROWS);
    for (let i = 0; i < ROWS; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      data[i] = (seed / 2147483648) * (c + 1) - c / 2;
    }
    columns[`x${c}`] = data;
  }
  writeDoublesParquet(file, columns, GROUP);
}

async function main() {
  if (process.env.PARQUET_READ) return readOnly(process.env.PARQUET_READ);
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
  const dir = path.join(root, "bench/out");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `doubles-${ROWS}x${COLS}-g${GROUP}.parquet`);
  if (!fs.existsSync(file)) writeBenchFile(file);
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "bench/parquet.ts")], { encoding: "utf8", env: { ...process.env, PARQUET_READ: file } });
  if (r.status !== 0) throw new Error(r.stderr);
  const m = JSON.parse(r.stdout.trim().split("\n").pop()!) as { s: number; rows: number; cols: number; before: number; loaded: number; peak: number };
  const data = (ROWS * COLS * 8) / 2 ** 20;
  console.log(`${m.rows.toLocaleString()} rows × ${m.cols} doubles (${data.toFixed(0)} MB of data, file ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB, row groups of ${GROUP.toLocaleString()})`);
  console.log(`read in ${m.s.toFixed(2)} s; RSS ${m.before.toFixed(0)} MB at start, ${m.loaded.toFixed(0)} MB with the reader loaded; peak ${m.peak.toFixed(0)} MB`);
  console.log(`peak − data = ${(m.peak - data).toFixed(0)} MB (goal ≤ 100 MB: ${m.peak - data <= 100 ? "met" : "NOT met"}); load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
