/**
 * Benchmark: 1M baseline vs 1M current rows × 20 numeric features — KS, Wasserstein, PSI and
 * Jensen–Shannon per feature — plus quality.binary on 1M labelled rows, in one process.
 * Prints wall seconds per step and in total, and peak RSS. Goal on 2 cores: ≤ 3 s, ≤ 1 GB.
 *
 *   npm run bench:evaluate            (defaults: ROWS=1000000 FEATURES=20)
 *   ROWS=200000 npm run bench:evaluate
 */
import os from "node:os";
import { createFrame, numericColumn, type Column, type Frame } from "@/plugins/sdk";
import { runEvaluator } from "@/server/evaluation/runner";
import { presortFrames } from "@/server/evaluation/parallel-sort";

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

async function main() {
  const tGen = performance.now();
  const baseline = makeFrame(1, false);
  const current = makeFrame(2, true);
  const labelled = makeLabelled(3);
  const genS = (performance.now() - tGen) / 1000;
  console.log(`generated ${ROWS.toLocaleString()} × ${FEATURES} baseline + current + ${ROWS.toLocaleString()} labelled rows in ${genS.toFixed(2)} s (not counted); cores: ${os.cpus().length}`);

  const steps: Array<[string, number]> = [];
  const t0 = performance.now();
  let t = t0;
  const lap = (name: string) => {
    const now = performance.now();
    steps.push([name, (now - t) / 1000]);
    t = now;
  };
  await presortFrames([baseline, current]);
  lap("sort every column once (worker threads)");
  const drift: Record<string, number> = {};
  for (const id of ["drift.ks", "drift.wasserstein", "drift.psi", "drift.jensenshannon"]) {
    const r = await runEvaluator({ pluginRef: id, baseline, current });
    drift[id] = r.cohorts[0].metrics.drifted_columns ?? -1;
    lap(id);
  }
  const q = await runEvaluator({ pluginRef: "quality.binary", current: labelled });
  lap("quality.binary");
  const total = (performance.now() - t0) / 1000;

  for (const [name, s] of steps) console.log(`${name.padEnd(42)} ${s.toFixed(3)} s`);
  console.log(`${"total".padEnd(42)} ${total.toFixed(3)} s   (goal ≤ 3 s: ${total <= 3 ? "met" : "NOT met"})`);
  const peak = rssMb();
  console.log(`peak RSS ${peak.toFixed(0)} MB   (goal ≤ 1024 MB: ${peak <= 1024 ? "met" : "NOT met"})`);
  console.log(`drifted features: ${JSON.stringify(drift)}; roc_auc ${q.cohorts[0].metrics.roc_auc?.toFixed(4)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
