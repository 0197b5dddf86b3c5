/**
 * Paired comparison of 1M vs 1M requests (compare.binary: McNemar, DeLong, paired bootstrap of F1,
 * cost per request and cost per correct, Wilcoxon + Hodges–Lehmann on latency) with 1,000
 * bootstrap resamples. Prints the phases, the peak RSS and the machine's load (2 cores shared:
 * read the figures against the load). `npm run bench:compare` (N=…, RESAMPLES=… to change).
 *
 * The bootstraps run over cells (plugins/sdk/math/cell-bootstrap.ts): a resample costs O(cells), so
 * 1,000 resamples of 1M pairs cost about what 1,000 of 1,000 pairs cost; the remaining time is the
 * pairing by request id (a typed-array hash index, server/evaluation/id-table.ts), DeLong (one radix
 * argsort per version), Wilcoxon + Hodges–Lehmann (one radix sort of d shared by both; the Walsh
 * averages selected by interpolated probes) and the routing sweep.
 */
import os from "node:os";
import { categoricalColumn, createFrame, numericColumn } from "@/plugins/sdk";
import { createBuiltinRegistry } from "@/plugins/index";
import { runComparison } from "@/server/evaluation/compare-runner";

const N = Number(process.env.N ?? 1_000_000);
const RESAMPLES = Number(process.env.RESAMPLES ?? 1000);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function side(seed: number, skill: number, cost: number, latency: number, order: "asc" | "desc") {
  const r = rng(seed);
  const ids: string[] = new Array(N);
  const score = new Float64Array(N);
  const label = new Float64Array(N);
  const costs = new Float64Array(N);
  const lat = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    const i = order === "asc" ? k : N - 1 - k;
    ids[k] = `req-${i}`;
    // the same truth for request i on both sides (a multiplicative hash of i)
    const y = (Math.imul(i + 1, 2654435761) >>> 0) / 2 ** 32 < 0.3 ? 1 : 0;
    label[k] = y;
    score[k] = Math.min(1, Math.max(0, (y ? skill : 1 - skill) + (r() - 0.5) * 0.8));
    costs[k] = cost * (0.8 + 0.4 * r());
    lat[k] = latency * (0.5 + r());
  }
  return createFrame({ requestId: categoricalColumn(ids), prediction: numericColumn(score), label: numericColumn(label), costUsd: costs, latencyMs: lat });
}

const t0 = performance.now();
const a = side(11, 0.7, 0.0002, 30, "asc");
const b = side(12, 0.75, 0.002, 600, "desc");
const t1 = performance.now();
const cpu0 = process.cpuUsage();
const out = runComparison({ comparison: createBuiltinRegistry().resolveComparison("compare.binary"), a, b, config: { resamples: RESAMPLES } });
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
console.log(`cpus ${os.cpus().length}, load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
console.log(`build frames (2 × ${N.toLocaleString("en-US")} rows): ${((t1 - t0) / 1000).toFixed(2)} s`);
console.log(`pair + compare (${RESAMPLES} resamples): ${((t2 - t1) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU — ${out.paired.toLocaleString("en-US")} pairs`);
for (const m of out.cohorts[0].metrics) console.log(`  ${m.metric.padEnd(18)} Δ ${m.delta?.toPrecision(4)} [${m.ci_low?.toPrecision(4)}, ${m.ci_high?.toPrecision(4)}] ${m.test} → ${m.verdict}`);
