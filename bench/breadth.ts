/**
 * Benchmark for issue 17: drift.classifier and segments.weak on ROWS (default 1M) rows × FEATURES
 * (default 20) features — 16 numeric, 4 categorical, binary label and score, a planted weak tier.
 * Prints wall and CPU seconds per evaluator (CPU is the steadier figure on a shared machine) and
 * peak RSS. Both evaluators sample big windows by their defaults (drift.classifier 5,000 rows per
 * side, segments.weak 200,000 rows); CLASSIFIER_MAX_ROWS / WEAK_MAX_ROWS set other sample sizes.
 *
 *   npm run bench:breadth          ROWS=200000 CLASSIFIER_MAX_ROWS=50000 npm run bench:breadth
 */
import { categoricalColumn, createFrame, numericColumn, parseConfig, seededRandom, type AnyEvaluator, type Column, type Frame } from "@/plugins/sdk";
import driftClassifier from "@/plugins/builtin/drift.classifier";
import segmentsWeak from "@/plugins/builtin/segments.weak";

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const FEATURES = Number(process.env.FEATURES ?? 20);

function frame(n: number, seed: number, shift: number): Frame {
  const r = seededRandom(seed);
  const g = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const features: Record<string, Column> = {};
  const numeric = FEATURES - 4;
  for (let k = 0; k < numeric; k++) features[`x${k}`] = numericColumn(Float64Array.from({ length: n }, () => g() + (k === 0 ? shift : 0)));
  const tiers = Array.from({ length: n }, () => { const u = r(); return u < 0.02 ? "strategic" : u < 0.2 ? "enterprise" : u < 0.5 ? "mid_market" : "smb"; });
  features.tier = categoricalColumn(tiers);
  for (let k = 1; k < 4; k++) features[`c${k}`] = categoricalColumn(Array.from({ length: n }, () => `v${Math.floor(r() * (3 + 4 * k))}`));
  const y = new Float64Array(n);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = r() < 0.3 ? 1 : 0;
    score[i] = tiers[i] === "strategic" ? r() : 0.5 * y[i] + 0.8 * r();
  }
  return createFrame({ features, label: numericColumn(y), prediction: numericColumn(score) });
}

async function main() {
  let t = performance.now();
  const baseline = frame(ROWS, 1, 0);
  const current = frame(ROWS, 2, 0.2);
  console.log(`data: ${ROWS.toLocaleString("en-US")} rows × ${FEATURES} features, two frames, ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const columns = Object.keys(current.features);
  const runs: [AnyEvaluator, Record<string, unknown>][] = [
    [driftClassifier as AnyEvaluator, process.env.CLASSIFIER_MAX_ROWS ? { maxRows: Number(process.env.CLASSIFIER_MAX_ROWS) } : {}],
    [segmentsWeak as AnyEvaluator, process.env.WEAK_MAX_ROWS ? { maxRows: Number(process.env.WEAK_MAX_ROWS) } : {}],
  ];
  for (const [ev, config] of runs) {
    t = performance.now();
    const cpu = process.cpuUsage();
    const r = await ev.evaluate({ current, baseline, config: parseConfig(ev, config), columns, cohort: "all" });
    const secs = (performance.now() - t) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSecs = (used.user + used.system) / 1e6;
    console.log(`${ev.id}: ${secs.toFixed(2)} s wall, ${cpuSecs.toFixed(2)} s CPU — status ${r.status}; ${JSON.stringify(r.metrics)}; ${(r.notes ?? []).slice(0, 2).join(" | ")}`);
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}
void main();
