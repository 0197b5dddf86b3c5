/**
 * `npx tsx bench/read-records.ts` — how fast `evalbook ingest` reads a local file into API objects
 * (server/ingest/files.ts readRecords, no network): BENCH_ROWS rows (default 120,000) of a prediction
 * log with 10 features and a cohort column, as CSV and as NDJSON; CPU seconds, best of BENCH_RUNS (default 3).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { readRecords, type FileFormat } from "../server/ingest/files";

const ROWS = Number(process.env.BENCH_ROWS ?? 120_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const REGIONS = ["eu", "us", "apac"];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "evalbook-read-"));

function row(i: number) {
  const features: Record<string, number | string> = {};
  for (let f = 0; f < 8; f++) features[`f${f}`] = Math.round(Math.sin(i * (f + 1)) * 10_000) / 100;
  features.plan = i % 3 ? "pro" : "free";
  features.country = `c${i % 40}`;
  return { requestId: `r-${i}`, timestamp: new Date(1_700_000_000_000 + i * 1000).toISOString(), prediction: (i % 100) / 100, latencyMs: 20 + (i % 50), features, cohort: { region: REGIONS[i % 3]! } };
}

async function write(format: FileFormat): Promise<string> {
  const file = path.join(dir, `log.${format}`);
  const out = fs.createWriteStream(file);
  const first = row(0);
  const featureNames = Object.keys(first.features);
  if (format === "csv") out.write(["request_id", "timestamp", "prediction", "latency_ms", ...featureNames, "cohort_region"].join(",") + "\n");
  for (let i = 0; i < ROWS; i++) {
    const r = row(i);
    out.write(format === "csv" ? [r.requestId, r.timestamp, r.prediction, r.latencyMs, ...featureNames.map((k) => r.features[k]), r.cohort.region].join(",") + "\n" : JSON.stringify(r) + "\n");
  }
  await new Promise((resolve) => out.end(resolve));
  return file;
}

/** Seconds of this process's CPU (user + system): steadier than wall time on a shared machine. */
async function time(file: string, format: FileFormat): Promise<number> {
  const t0 = process.cpuUsage();
  let n = 0;
  for await (const r of readRecords(file, format, { labels: false })) if (r.ok) n++;
  if (n !== ROWS) throw new Error(`read ${n} of ${ROWS} rows`);
  const used = process.cpuUsage(t0);
  return (used.user + used.system) / 1e6;
}

for (const format of (process.env.BENCH_FORMATS ?? "csv,ndjson").split(",") as FileFormat[]) {
  const file = await write(format);
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await time(file, format));
  console.log(`${format}: ${ROWS.toLocaleString("en-US")} rows, best ${Math.min(...runs).toFixed(2)} s CPU (runs ${runs.map((s) => s.toFixed(2)).join(", ")})`);
}
fs.rmSync(dir, { recursive: true });
