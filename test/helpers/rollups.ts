/**
 * The rollup check shared by the SQLite and PostgreSQL suites: a seeded random stream of ingests
 * (duplicate requestIds, shadow versions, labels before and after their predictions, changed
 * labels, inline labels, mixed sample rates, errors, cost and tokens) goes into a repository, and
 * the model-page traffic (read from rollups) must equal a recount from the raw segments (the
 * window loader) and the label table.
 */
import { expect } from "vitest";
import { seededRandom } from "../../plugins/sdk";
import { validateLabel, validatePrediction, type NormalizedLabel, type NormalizedPrediction } from "../../server/ingest/validate";
import type { ModelRef, ModelTraffic, PredictionRepository } from "../../server/predictions";

const DAY = 86_400_000;
export const T0 = Date.UTC(2026, 9, 1);
const ctx = { now: T0 + 30 * DAY, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 100 };

export type Step = { kind: "predictions"; rows: NormalizedPrediction[] } | { kind: "labels"; rows: NormalizedLabel[] };

/** `steps` random ingests over 4 UTC days and 3 versions; request ids drawn from a pool of 1,200 so duplicates happen. */
export function randomStream(seed: number, steps = 40): Step[] {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const rates = [undefined, 1, 0.5, 0.1, 0.05] as const;
  const out: Step[] = [];
  for (let s = 0; s < steps; s++) {
    if (r() < 0.3) {
      const n = 1 + Math.floor(r() * 80);
      const rows = Array.from({ length: n }, (_, k) => {
        const id = Math.floor(r() * 1400); // some never get a prediction: they wait
        return validateLabel({ requestId: `q-${id}`, label: r() < 0.5 ? 1 : 0, timestamp: T0 + Math.floor(r() * 5 * DAY) }, k, ctx.now) as NormalizedLabel;
      });
      out.push({ kind: "labels", rows });
      continue;
    }
    const n = 1 + Math.floor(r() * 150);
    const version = pick(["v1", "v1", "v2", "v3"]);
    const rate = pick(rates); // rates change between batches (and within one, below)
    const rows = Array.from({ length: n }, (_, k) => {
      const id = Math.floor(r() * 1200);
      const row: Record<string, unknown> = {
        requestId: `q-${id}`,
        version: r() < 0.1 ? "v2" : version,
        timestamp: T0 + Math.floor(r() * 4 * DAY),
        prediction: r(),
        latencyMs: r() < 0.05 ? undefined : Math.round(Math.exp(r() * 7) * 10) / 10,
        costUsd: r() < 0.2 ? undefined : Math.round(r() * 1000) / 1e5,
        features: { x: r() },
      };
      if (r() < 0.5) {
        row.tokensIn = Math.floor(r() * 900);
        row.tokensOut = Math.floor(r() * 300);
      }
      if (r() < 0.08) row.error = "timeout";
      if (r() < 0.05) row.label = r() < 0.5 ? 1 : 0;
      const rowRate = r() < 0.15 ? pick(rates) : rate;
      if (rowRate !== undefined) row.sampleRate = rowRate;
      return validatePrediction(row, k, ctx) as NormalizedPrediction;
    });
    out.push({ kind: "predictions", rows });
  }
  return out;
}

export async function ingest(repo: PredictionRepository, model: ModelRef, steps: Step[]): Promise<void> {
  for (const s of steps) {
    if (s.kind === "predictions") await repo.writePredictions(model, s.rows);
    else await repo.writeLabels(model.id, s.rows);
  }
}

/** Weighted nearest-rank quantile of values with weights. */
function weightedQuantile(values: number[], weights: number[], q: number): number {
  const idx = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  for (const i of idx) {
    acc += weights[i]!;
    if (acc >= q * total) return values[i]!;
  }
  return values[idx.at(-1)!]!;
}

interface Recount {
  n: number;
  w: number;
  sampled: number;
  errors: number;
  cost: number;
  tokensIn: number;
  tokensOut: number;
  labeled: number;
  labeledW: number;
  latency: number[];
  latencyW: number[];
}

/** Per version and per version × day, from the raw segments through the window loader. */
export async function recount(repo: PredictionRepository, modelId: string) {
  const win = await repo.loadWindow({ modelId, includeLabels: true });
  const f = win.frame;
  const byVersion = new Map<string, Recount>();
  const byDay = new Map<string, Recount>();
  const empty = (): Recount => ({ n: 0, w: 0, sampled: 0, errors: 0, cost: 0, tokensIn: 0, tokensOut: 0, labeled: 0, labeledW: 0, latency: [], latencyW: [] });
  const label = f.label!;
  for (let i = 0; i < f.length; i++) {
    const version = win.version.dictionary[win.version.codes[i]!]!;
    const day = new Date(Math.floor(f.timestamp![i]! / DAY) * DAY).toISOString().slice(0, 10);
    const w = win.weights ? win.weights[i]! : 1;
    const isError = win.error ? win.error.codes[i]! >= 0 : false;
    const hasLabel = label.type === "numeric" ? label.values[i] === label.values[i] : label.codes[i]! >= 0;
    for (const key of [version, `${day}|${version}`]) {
      const map = key === version ? byVersion : byDay;
      let a = map.get(key);
      if (!a) map.set(key, (a = empty()));
      a.n++;
      a.w += w;
      if (w !== 1) a.sampled++;
      if (isError) a.errors += w;
      const cost = f.costUsd![i]!;
      if (cost === cost) a.cost += cost * w;
      if (win.tokensIn && win.tokensIn[i] === win.tokensIn[i]) a.tokensIn += win.tokensIn[i]! * w;
      if (win.tokensOut && win.tokensOut[i] === win.tokensOut[i]) a.tokensOut += win.tokensOut[i]! * w;
      if (hasLabel) {
        a.labeled++;
        a.labeledW += w;
      }
      const lat = f.latencyMs![i]!;
      if (lat === lat) {
        a.latency.push(lat);
        a.latencyW.push(w);
      }
    }
  }
  return { byVersion, byDay, rows: win.stats.rows };
}

/** A quantile from a ±1% sketch lies within 1% of the exact weighted quantile at a nearby rank. */
function expectQuantile(got: number | null, values: number[], weights: number[], q: number) {
  if (!values.length) return expect(got).toBeNull();
  const lo = weightedQuantile(values, weights, Math.max(0, q - 0.02));
  const hi = weightedQuantile(values, weights, Math.min(1, q + 0.02));
  expect(got).not.toBeNull();
  expect(got!).toBeGreaterThanOrEqual(lo * 0.99 - 1e-9);
  expect(got!).toBeLessThanOrEqual(hi * 1.01 + 1e-9);
}

const close = (got: number, want: number) => expect(got).toBeCloseTo(want, 6);

export async function expectRollupsMatchRecount(
  repo: PredictionRepository,
  modelId: string,
  labelsRaw: { labels: number; waiting: number },
): Promise<ModelTraffic> {
  const t = await repo.modelTraffic(modelId);
  const { byVersion, byDay, rows } = await recount(repo, modelId);
  expect(t.sample.rows).toBe(rows);
  expect([...t.versions.map((v) => v.version)].sort()).toEqual([...byVersion.keys()].sort());
  for (const v of t.versions) {
    const e = byVersion.get(v.version)!;
    expect(v.predictions).toBe(e.n);
    expect(v.sampledRows).toBe(e.sampled);
    close(v.requests, e.w);
    close(v.errors, e.errors);
    close(v.costUsd, e.cost);
    close(v.tokensIn, e.tokensIn);
    close(v.tokensOut, e.tokensOut);
    expect(v.labeled).toBe(e.labeled);
    close(v.labelCoverage!, e.labeledW / e.w);
    expectQuantile(v.latencyP50Ms, e.latency, e.latencyW, 0.5);
    expectQuantile(v.latencyP95Ms, e.latency, e.latencyW, 0.95);
  }
  expect(t.serving.length).toBe(byDay.size);
  for (const p of t.serving) {
    const e = byDay.get(`${p.day}|${p.version}`)!;
    close(p.requests, e.w);
    close(p.errors, e.errors);
    expectQuantile(p.latencyP95Ms, e.latency, e.latencyW, 0.95);
  }
  expect(t.labels).toBe(labelsRaw.labels);
  expect(t.labelsWaiting).toBe(labelsRaw.waiting);
  return t;
}

/** What two traffic reads must agree on whichever way the rollups were built (sums to 9 digits). */
export function comparable(t: ModelTraffic) {
  const r = (x: number | null) => (x === null ? null : Number(x.toPrecision(9)));
  return {
    versions: t.versions.map((v) => ({
      ...v,
      requests: r(v.requests),
      errors: r(v.errors),
      errorRate: r(v.errorRate),
      costUsd: r(v.costUsd),
      tokensIn: r(v.tokensIn),
      tokensOut: r(v.tokensOut),
      labelCoverage: r(v.labelCoverage),
      latencyP50Ms: r(v.latencyP50Ms),
      latencyP95Ms: r(v.latencyP95Ms),
      // a changed label keeps its first latency in the incremental sketch, the rebuild reads the current one
      labelLatencyP50Ms: undefined,
      labelLatencyP95Ms: undefined,
    })),
    daily: t.daily.map((d) => ({ ...d, requests: r(d.requests) })),
    labels: t.labels,
    labelsWaiting: t.labelsWaiting,
  };
}
