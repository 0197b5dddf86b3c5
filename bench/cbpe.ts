/**
 * perf.cbpe: performance estimated without labels. A labelled reference of REF rows (the
 * calibration decision cross-fits 5 isotonic maps on it) and a current window of N rows, binary and
 * 3-class. Prints wall time per case. `npx tsx bench/cbpe.ts` (N=…, REF=… to change).
 */
import os from "node:os";
import { createFrame, numericColumn, parseConfig, categoricalColumn, type Frame } from "@/plugins/sdk";
import cbpe from "@/plugins/builtin/perf.cbpe";

const N = Number(process.env.N ?? 1_000_000);
const REF = Number(process.env.REF ?? 100_000);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function binary(n: number, seed: number, labelled: boolean): Frame {
  const r = rng(seed);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (r() - 0.5) * 6;
    y[i] = labelled ? (r() < 1 / (1 + Math.exp(-x)) ? 1 : 0) : NaN;
    s[i] = Math.round(1e4 / (1 + Math.exp(-(2 * x + 0.5)))) / 1e4;
  }
  return createFrame({ features: {}, prediction: numericColumn(s), label: numericColumn(y) });
}

function multiclass(n: number, seed: number, labelled: boolean): Frame {
  const r = rng(seed);
  const classes = ["a", "b", "c"];
  const p = classes.map(() => new Float64Array(n));
  const y: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const z = classes.map(() => (r() - 0.5) * 4);
    const e = z.map(Math.exp);
    const t = e[0] + e[1] + e[2];
    const u = r();
    y[i] = labelled ? (u < e[0] / t ? "a" : u < (e[0] + e[1]) / t ? "b" : "c") : null;
    const m = z.map((v) => Math.exp(1.8 * v));
    const mt = m[0] + m[1] + m[2];
    for (let c = 0; c < 3; c++) p[c][i] = Math.round((1e4 * m[c]) / mt) / 1e4;
  }
  return createFrame({ features: Object.fromEntries(classes.map((c, k) => [`proba_${c}`, numericColumn(p[k])])), label: categoricalColumn(y) });
}

async function time(name: string, baseline: Frame, current: Frame) {
  const t0 = performance.now();
  const r = await cbpe.evaluate({ baseline, current, config: parseConfig(cbpe, {}), columns: [], cohort: "all" });
  const ms = performance.now() - t0;
  console.log(`${name.padEnd(34)} ${(ms / 1000).toFixed(2)} s   roc_auc ${r.metrics.roc_auc?.toFixed(4)} [${r.metrics.roc_auc_lower?.toFixed(4)}, ${r.metrics.roc_auc_upper?.toFixed(4)}]  calibrated ${r.metrics.calibrated}`);
}

console.log(`perf.cbpe — reference ${REF.toLocaleString("en-US")} labelled rows, current ${N.toLocaleString("en-US")} rows; ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
await time("binary, current unlabelled", binary(REF, 1, true), binary(N, 2, false));
await time("binary, current labelled", binary(REF, 1, true), binary(N, 2, true));
await time("multiclass (3), current unlabelled", multiclass(REF, 3, true), multiclass(N, 4, false));
