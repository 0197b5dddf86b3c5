/**
 * Benchmark: 1M baseline vs 1M current rows × 20 numeric features — KS, Wasserstein, PSI and
 * Jensen–Shannon per feature — plus quality.binary on 1M labelled rows, in one process.
 * Prints wall seconds per step and in total, and peak RSS. Goal on 2 cores: ≤ 1.5 s, ≤ 600 MB.
 *
 *   npm run bench:evaluate            (defaults: ROWS=1000000 FEATURES=20)
 *   ROWS=200000 npm run bench:evaluate
 *
 * ANCHOR=1 npm run bench:evaluate: every case side by side with bench/python_anchor.py (Debian's
 * /usr/bin/python3 with pandas, numpy and scipy), in one run, each under /usr/bin/time for the
 * peak RSS: (1) the in-memory case above (a child process) against the same work in numpy +
 * scipy; (2) `evalbook evaluate --plugin drift.ks` on 200k rows × 20 numeric columns in two CSV
 * files (bench/out/) against pandas.read_csv + scipy.stats.ks_2samp per column, run alternately
 * REPEAT times (default 3), medians; checks that both give the same numbers. Ends with a markdown
 * table (the one in plugins/README.md) with the machine and its load average.
 * (3) bench/parquet.ts (evalbook's Parquet reader, bundled like the CLI) against
 * pandas.read_parquet with pyarrow on the same file, REPEAT times each. Debian does not package
 * pyarrow: ANCHOR_PARQUET_PYTHON names a Python that has it (`python3 -m venv --system-site-packages DIR &&
 * DIR/bin/pip install pyarrow`); without it the row says so. ANCHOR_SKIP_MEMORY=1 /
 * ANCHOR_SKIP_PARQUET=1 leave those cases out. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createFrame, numericColumn, type Column, type Frame } from "@/plugins/sdk";
import { resolveEvaluator, runEvaluator } from "@/server/evaluation/runner";
import { presortPairs } from "@/server/evaluation/parallel-sort";

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const FEATURES = Number(process.env.FEATURES ?? 20);

/** mulberry32 (two draws → 53-bit uniform) and Box–Muller normals (both outputs used). Deterministic. */
function rng(seed: number) {
  let a = seed | 0;
  const u32 = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const uniform = () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992 || 1e-300;
  let spare = NaN;
  return {
    uniform,
    normal() {
      if (spare === spare) {
        const s = spare;
        spare = NaN;
        return s;
      }
      const r = Math.sqrt(-2 * Math.log(uniform()));
      const th = 2 * Math.PI * uniform();
      spare = r * Math.sin(th);
      return r * Math.cos(th);
    },
  };
}

function sharedF64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(n * 8));
}

function makeFrame(seed: number, drift: boolean): Frame {
  const r = rng(seed);
  const features: Record<string, Column> = {};
  for (let f = 0; f < FEATURES; f++) {
    const v = sharedF64(ROWS);
    const shift = drift && f % 4 === 0 ? 0.05 : 0; // a quarter of the features drift a little
    const kind = f % 5;
    for (let i = 0; i < ROWS; i++) {
      const z = r.normal();
      v[i] = kind === 0 ? z + shift : kind === 1 ? Math.exp(0.5 * z + shift) : kind === 2 ? Math.round(10 * (z + shift)) / 10 : kind === 3 ? 100 + 15 * (z + shift) : z * 1e6 + shift * 1e6;
    }
    features[`f${f}`] = numericColumn(v);
  }
  return createFrame({ features }, ROWS);
}

function makeLabelled(seed: number): Frame {
  const r = rng(seed);
  const label = sharedF64(ROWS);
  const score = sharedF64(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const y = r.uniform() < 0.3 ? 1 : 0;
    label[i] = y;
    const logit = -1 + 2 * y + 1.2 * r.normal();
    score[i] = Math.round(1e4 / (1 + Math.exp(-logit))) / 1e4; // ties, like real scores
  }
  return createFrame({ label: numericColumn(label), prediction: numericColumn(score), features: {} }, ROWS);
}

function rssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function writeAnchorCsv(file: string, seed: number, shift: number, rows: number, cols: number) {
  const r = rng(seed);
  const out = fs.openSync(file, "w");
  fs.writeSync(out, Array.from({ length: cols }, (_, i) => `f${i}`).join(",") + "\n");
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    const row: string[] = [];
    for (let c = 0; c < cols; c++) {
      const z = r.normal();
      row.push(String(c % 2 ? z + shift : 100 + 15 * z));
    }
    chunk.push(row.join(","));
    if (chunk.length === 10000) {
      fs.writeSync(out, chunk.join("\n") + "\n");
      chunk = [];
    }
  }
  if (chunk.length) fs.writeSync(out, chunk.join("\n") + "\n");
  fs.closeSync(out);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface Timed {
  s: number;
  /** CPU seconds, all threads. */
  cpu: number;
  peakMb: number;
}

/** Run a command under /usr/bin/time: wall and CPU seconds, peak RSS (MB) and stdout. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Timed & { out: string } {
  const t = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "PEAK_KB=%M CPU=%U+%S", cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 26, env });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  const m = /PEAK_KB=(\d+) CPU=([\d.]+)\+([\d.]+)/.exec(r.stderr);
  return { s, cpu: m ? Number(m[2]) + Number(m[3]) : NaN, peakMb: Number(m?.[1] ?? NaN) / 1024, out: r.stdout };
}

async function anchor() {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
  const dir = path.join(root, "bench/out");
  fs.mkdirSync(dir, { recursive: true });
  const rows = Number(process.env.ANCHOR_ROWS ?? 200_000);
  const base = path.join(dir, `anchor-baseline-${rows}.csv`);
  const cur = path.join(dir, `anchor-current-${rows}.csv`);
  if (!fs.existsSync(base)) writeAnchorCsv(base, 11, 0, rows, 20);
  if (!fs.existsSync(cur)) writeAnchorCsv(cur, 12, 0.01, rows, 20);
  const py = "/usr/bin/python3";
  // only for the Parquet case: with pyarrow installed, importing pandas loads it too (~40 MB more peak)
  const pyParquet = process.env.ANCHOR_PARQUET_PYTHON ?? py;
  const anchorPy = path.join(root, "bench/python_anchor.py");
  const repeat = Number(process.env.REPEAT ?? 3);
  const load0 = os.loadavg();
  const table: string[] = [];
  const row = (what: string, js: Timed, pyR: Timed, goal: string) =>
    table.push(
      `| ${what} | ${js.s.toFixed(2)} s (CPU ${js.cpu.toFixed(2)} s) | ${js.peakMb.toFixed(0)} MB | ${pyR.s.toFixed(2)} s (CPU ${pyR.cpu.toFixed(2)} s) | ${pyR.peakMb.toFixed(0)} MB | ${(js.s / pyR.s).toFixed(2)} (CPU ${(js.cpu / pyR.cpu).toFixed(2)}) | ${goal} |`,
    );

  // 1. the in-memory case (this file without ANCHOR) against numpy + scipy on the same shapes
  if (process.env.ANCHOR_SKIP_MEMORY !== "1") {
    const env = { ...process.env, ANCHOR: "", ROWS: String(ROWS), FEATURES: String(FEATURES) };
    const js = timed(process.execPath, ["--import", "tsx", path.join(root, "bench/evaluate.ts")], env);
    const totals = /^total\s+([\d.]+) s\s+([\d.]+) s/m.exec(js.out);
    const pyM = timed(py, [anchorPy, "memory", String(ROWS), String(FEATURES)]);
    const pyJson = JSON.parse(pyM.out) as { seconds: number; cpu_seconds: number };
    const pySeconds = pyJson.seconds;
    console.log(js.out.trim());
    console.log(`python (numpy + scipy, same work): ${pySeconds.toFixed(2)} s timed, peak ${pyM.peakMb.toFixed(0)} MB; ${pyM.out.trim()}`);
    row(`in memory: ${ROWS.toLocaleString()} vs ${ROWS.toLocaleString()} × ${FEATURES}, KS+W+PSI+JS, AUC (timed part)`, { s: Number(totals?.[1]), cpu: Number(totals?.[2]), peakMb: js.peakMb }, { s: pySeconds, cpu: pyJson.cpu_seconds, peakMb: pyM.peakMb }, "≤ 1.5 s, ≤ 600 MB");
  }

  // 2. the CLI on two CSV files against pandas.read_csv + scipy ks_2samp, alternately
  const pyTimes: Timed[] = [];
  const jsTimes: Timed[] = [];
  let pyOut = "";
  let jsOut = "";
  for (let k = 0; k < repeat; k++) {
    const p = timed(py, [anchorPy, base, cur, "ks"]);
    pyOut = p.out;
    pyTimes.push(p);
    const j = timed(process.execPath, [path.join(root, "bin/evalbook.cjs"), "evaluate", "--plugin", "drift.ks", "--baseline", base, "--current", cur, "--format", "json"]);
    jsOut = j.out;
    jsTimes.push(j);
    console.log(`run ${k + 1}: python ${p.s.toFixed(2)} s (CPU ${p.cpu.toFixed(2)} s) ${p.peakMb.toFixed(0)} MB, evalbook ${j.s.toFixed(2)} s (CPU ${j.cpu.toFixed(2)} s) ${j.peakMb.toFixed(0)} MB`);
  }
  const pyRes = JSON.parse(pyOut).results as Record<string, [number, number]>;
  const jsRes = JSON.parse(jsOut).cohorts[0].columns as Array<{ column: string; metrics: { statistic: number; p_value: number } }>;
  let worst = 0;
  for (const c of jsRes) {
    const [d, p] = pyRes[c.column];
    worst = Math.max(worst, Math.abs(c.metrics.statistic - d) / Math.max(d, 1e-300), Math.abs(c.metrics.p_value - p) / Math.max(p, 1e-300));
  }
  const med = (xs: Timed[]): Timed => ({ s: median(xs.map((x) => x.s)), cpu: median(xs.map((x) => x.cpu)), peakMb: median(xs.map((x) => x.peakMb)) });
  const mp = med(pyTimes);
  const mj = med(jsTimes);
  row(`CLI: evaluate --plugin drift.ks, ${rows.toLocaleString()} × 20 CSV ×2 (${(fs.statSync(base).size / 1e6).toFixed(0)} MB each), median of ${repeat}`, mj, mp, "≤ 0.2× time, ≤ their peak");
  console.log(`largest relative difference between the two (statistic, p_value): ${worst.toExponential(2)}`);

  // 3. Parquet: evalbook's reader alone, bundled like the CLI and run by plain node (the first figures
  // bench/parquet.ts prints), against pandas.read_parquet (pyarrow) on the file bench/parquet.ts wrote
  if (process.env.ANCHOR_SKIP_PARQUET !== "1") {
    const pq = timed(process.execPath, ["--import", "tsx", path.join(root, "bench/parquet.ts")], { ...process.env, REPEAT: String(repeat), ROWS: "1000000", COLS: "10", GROUP: "100000" });
    console.log(pq.out.trim());
    const readS = Number(/read in ([\d.]+) s/.exec(pq.out)?.[1]);
    const readCpu = Number(/read in [\d.]+ s \(CPU ([\d.]+) s\)/.exec(pq.out)?.[1]);
    const peak = Number(/; peak (\d+) MB/.exec(pq.out)?.[1]);
    const data = Number(/\((\d+) MB of data/.exec(pq.out)?.[1]);
    const file = path.join(dir, "doubles-1000000x10-g100000.parquet");
    const pyRuns: Timed[] = [];
    let missing = "";
    for (let k = 0; k < repeat && !missing; k++) {
      const p = timed(pyParquet, [anchorPy, "parquet", file]);
      const j = JSON.parse(p.out) as { missing?: string; seconds: number; cpu_seconds: number; rows: number };
      if (j.missing) missing = j.missing;
      else {
        pyRuns.push({ s: j.seconds, cpu: j.cpu_seconds, peakMb: p.peakMb });
        console.log(`pandas.read_parquet (pyarrow) run ${k + 1}: read ${j.rows.toLocaleString()} rows in ${j.seconds.toFixed(2)} s (CPU ${j.cpu_seconds.toFixed(2)} s), process peak ${p.peakMb.toFixed(0)} MB`);
      }
    }
    const what = `Parquet read: 1,000,000 × 10 doubles (${data} MB of data), row groups of 100,000, reader bundled, plain node, median of ${repeat}`;
    const goal = "peak ≤ data + 100 MB";
    if (missing) table.push(`| ${what} | ${readS.toFixed(2)} s (CPU ${readCpu.toFixed(2)} s) | ${peak} MB (data + ${peak - data}) | — (${pyParquet} has no ${missing}; see ANCHOR_PARQUET_PYTHON) | — | — | ${goal} |`);
    else {
      const mp = { s: median(pyRuns.map((x) => x.s)), cpu: median(pyRuns.map((x) => x.cpu)), peakMb: median(pyRuns.map((x) => x.peakMb)) };
      table.push(`| ${what} | ${readS.toFixed(2)} s (CPU ${readCpu.toFixed(2)} s) | ${peak} MB (data + ${peak - data}) | ${mp.s.toFixed(2)} s (CPU ${mp.cpu.toFixed(2)} s) | ${mp.peakMb.toFixed(0)} MB (data + ${(mp.peakMb - data).toFixed(0)}) | ${(readS / mp.s).toFixed(2)} (CPU ${(readCpu / mp.cpu).toFixed(2)}) | ${goal} |`);
    }
  }

  const load1 = os.loadavg();
  console.log(`\nmachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; load average ${load0.map((x) => x.toFixed(1)).join(" ")} before, ${load1.map((x) => x.toFixed(1)).join(" ")} after`);
  console.log("| case | evalbook wall (CPU) | evalbook peak | pandas/numpy + scipy wall (CPU) | their peak | ratio | goal |");
  console.log("|---|---|---|---|---|---|---|");
  for (const line of table) console.log(line);
}

async function main() {
  if (process.env.ANCHOR === "1") return anchor();
  const tGen = performance.now();
  const baseline = makeFrame(1, false);
  const current = makeFrame(2, true);
  const labelled = makeLabelled(3);
  const genS = (performance.now() - tGen) / 1000;
  const rssData = process.memoryUsage().rss / 2 ** 20;
  console.log(`generated ${ROWS.toLocaleString()} × ${FEATURES} baseline + current + ${ROWS.toLocaleString()} labelled rows in ${genS.toFixed(2)} s (not counted); cores: ${os.cpus().length}`);

  const steps: Array<[string, number, number]> = [];
  const cpuS = () => {
    const c = process.cpuUsage();
    return (c.user + c.system) / 1e6;
  };
  const t0 = performance.now();
  const c0 = cpuS();
  let t = t0;
  let c = c0;
  const lap = (name: string) => {
    const now = performance.now();
    const cn = cpuS();
    steps.push([name, (now - t) / 1000, cn - c]);
    t = now;
    c = cn;
  };
  await presortPairs(baseline, current);
  lap("sort each column once + KS/W walk (2 threads)");
  const rssSorted = process.memoryUsage().rss / 2 ** 20;
  // the built-in evaluators load on first use (under tsx: transpiled too); counted, on a line of its own
  await resolveEvaluator("drift.ks");
  lap("load the evaluators (first use)");
  const drift: Record<string, number> = {};
  for (const id of ["drift.ks", "drift.wasserstein", "drift.psi", "drift.jensenshannon"]) {
    const r = await runEvaluator({ pluginRef: id, baseline, current });
    drift[id] = r.cohorts[0].metrics.drifted_columns ?? -1;
    lap(id);
  }
  const q = await runEvaluator({ pluginRef: "quality.binary", current: labelled });
  lap("quality.binary");
  const total = (performance.now() - t0) / 1000;
  const totalCpu = cpuS() - c0;

  console.log(`${"step".padEnd(42)} wall      cpu (all threads)`);
  for (const [name, s, cs] of steps) console.log(`${name.padEnd(42)} ${s.toFixed(3)} s   ${cs.toFixed(3)} s`);
  console.log(`${"total".padEnd(42)} ${total.toFixed(3)} s   ${totalCpu.toFixed(3)} s   (goal ≤ 1.5 s wall: ${total <= 1.5 ? "met" : "NOT met"})`);
  console.log(`load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} (2 cores; others' processes share them)`);
  const peak = rssMb();
  console.log(`RSS after generating the data ${rssData.toFixed(0)} MB, after the sorts ${rssSorted.toFixed(0)} MB`);
  console.log(`peak RSS ${peak.toFixed(0)} MB   (goal ≤ 600 MB: ${peak <= 600 ? "met" : "NOT met"})`);
  console.log(`drifted features: ${JSON.stringify(drift)}; roc_auc ${q.cohorts[0].metrics.roc_auc?.toFixed(4)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
