/**
 * Benchmark: `evalbook evaluate`'s Parquet reader (server/files/read-table.ts) on ROWS × COLS
 * doubles (default 1M × 10, 76 MB of data) in row groups of GROUP rows. Goal: the whole reading
 * process peaks at ≤ data + 100 MB.
 *
 *   npx tsx bench/parquet.ts            (ROWS=1000000 COLS=10 GROUP=100000 REPEAT=3)
 *
 * Each run reads the file in a fresh process (bench/parquet-read.ts) two ways, alternating:
 * bundled by esbuild as the CLI's bundle is (hyparquet inside) and run by plain `node` — what a
 * user of `evalbook evaluate` meets — and under tsx, which adds its own ~30 MB. Prints the wall and
 * CPU seconds of the read, the process's RSS before it and its peak (VmHWM), the medians last.
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
const REPEAT = Number(process.env.REPEAT ?? 3);

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const dir = path.join(root, "bench/out");

interface Read {
  s: number;
  cpu: number;
  rows: number;
  cols: number;
  before: number;
  peak: number;
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

/** bench/parquet-read.ts as one CommonJS file, packages bundled as in the CLI's evaluate bundle. */
async function bundleReader(): Promise<string> {
  const esbuild = await import("esbuild");
  const out = path.join(dir, "parquet-read.cjs");
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [path.join(root, "bench/parquet-read.ts")],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    tsconfig: "tsconfig.json",
    minify: true,
    logLevel: "error",
  });
  return out;
}

function read(args: string[], file: string): Read {
  const r = spawnSync(process.execPath, [...args, file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Read;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `doubles-${ROWS}x${COLS}-g${GROUP}.parquet`);
  if (!fs.existsSync(file)) writeBenchFile(file);
  const bundle = await bundleReader();
  const ways = { node: [bundle], tsx: ["--import", "tsx", path.join(root, "bench/parquet-read.ts")] };
  const runs: Record<keyof typeof ways, Read[]> = { node: [], tsx: [] };
  const data = (ROWS * COLS * 8) / 2 ** 20;
  const load0 = os.loadavg();
  for (let k = 0; k < REPEAT; k++) {
    for (const way of ["node", "tsx"] as const) {
      const m = read(ways[way], file);
      runs[way].push(m);
      console.error(`run ${k + 1} ${way}: ${m.s.toFixed(2)} s (CPU ${m.cpu.toFixed(2)} s), RSS ${m.before.toFixed(0)} MB before, peak ${m.peak.toFixed(0)} MB`);
    }
  }
  const m = runs.node[0]!;
  console.log(`${m.rows.toLocaleString()} rows × ${m.cols} doubles (${data.toFixed(0)} MB of data, file ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB, row groups of ${GROUP.toLocaleString()}), median of ${REPEAT}`);
  for (const way of ["node", "tsx"] as const) {
    const rs = runs[way];
    const peak = median(rs.map((r) => r.peak));
    const what = way === "node" ? "plain node on the reader bundled like the CLI" : "under tsx (adds its own RSS)";
    console.log(`${what}: read in ${median(rs.map((r) => r.s)).toFixed(2)} s (CPU ${median(rs.map((r) => r.cpu)).toFixed(2)} s); RSS ${median(rs.map((r) => r.before)).toFixed(0)} MB with the reader loaded; peak ${peak.toFixed(0)} MB, peak − data = ${(peak - data).toFixed(0)} MB (goal ≤ 100 MB: ${peak - data <= 100 ? "met" : "NOT met"})`);
  }
  console.log(`load average ${load0.map((x) => x.toFixed(1)).join(" ")} before, ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} after`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
