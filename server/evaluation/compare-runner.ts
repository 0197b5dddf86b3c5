/**
 * The comparison runner: pair A and B by request id (or fall back to independent samples, saying
 * so), slice cohorts over the pairs, run the comparison plugin per cohort. Shared by the notebook's
 * comparison cell and `evalbook compare`, so both print the same numbers.
 */
import { cheapestReaching, compareVersions, comparisonConfigSchema, parseComparisonConfig, routingSweep, takeRows, type AnyComparison, type Frame, type Status } from "@/plugins/sdk";
import { cohortColumn, groupRows } from "./cohorts";
import { routingSentence } from "./routing-text";
import { pairByRequest, pairedCohort, withFileLabels } from "./pairing";
import type { PairedCohort, PairedComparisonOutput, RoutingData } from "./result-schema";

export interface CompareOptions {
  comparison: AnyComparison;
  config?: unknown;
  a: Frame;
  b: Frame;
  /** a labels file (request_id, label) for requests whose predictions carry none */
  labels?: Frame;
  cohortKeys?: string[];
  minCohortSize?: number;
  /** "auto": paired when the versions share requests; "unpaired": always independent samples */
  pairing?: "auto" | "unpaired";
  sideLabels?: { a: string; b: string };
}

function cohortStatus(c: PairedCohort["metrics"]): Status {
  if (c.some((m) => m.verdict === "worse")) return "fail";
  return c.some((m) => m.verdict !== null) ? "pass" : "n/a";
}

/** worse on `all` fails the comparison; worse only in a cohort warns. */
function overallStatus(cohorts: PairedCohort[]): Status {
  const all = cohorts.find((c) => c.cohort === "all");
  if (all?.status === "fail") return "fail";
  if (cohorts.some((c) => c.status === "fail")) return "warn";
  return cohorts.some((c) => c.status === "pass") ? "pass" : "n/a";
}

const MIN_ROUTING_ROWS = 30;

/**
 * The tiered-routing what-if on all paired requests: the cheaper version (by mean cost) answers
 * first, escalating below a confidence t; the cheapest t keeping the target quality.
 */
function routingWhatIf(def: AnyComparison, a: Frame, b: Frame, config: unknown): RoutingData | undefined {
  if (!def.routing) return undefined;
  const src = def.routing({ a, b, paired: true, config, cohort: "all" });
  if ("reason" in src) return { reason: src.reason };
  if (!a.costUsd || !b.costUsd) return { reason: "needs cost_usd from both versions" };
  const cfg = comparisonConfigSchema.parse(config);
  const mean = (x: Float64Array) => {
    let s = 0, n = 0;
    for (const v of x)
      if (Number.isFinite(v)) {
        s += v;
        n++;
      }
    return n ? s / n : NaN;
  };
  const cheapSide = mean(a.costUsd) <= mean(b.costUsd) ? "a" : "b";
  const [cheap, exp] = cheapSide === "a" ? ([a, b] as const) : ([b, a] as const);
  const conf = src.confidence[cheapSide];
  const cc = src.correct[cheapSide];
  const ce = src.correct[cheapSide === "a" ? "b" : "a"];
  const rows: number[] = [];
  for (let i = 0; i < a.length; i++) if (Number.isFinite(conf[i]) && cc[i] <= 1 && ce[i] <= 1 && Number.isFinite(cheap.costUsd![i]) && Number.isFinite(exp.costUsd![i])) rows.push(i);
  if (rows.length < MIN_ROUTING_ROWS) return { reason: `too few labelled paired requests with scores and costs (${rows.length} < ${MIN_ROUTING_ROWS})` };
  const pick = <T extends Float64Array | Uint8Array>(x: T, make: (n: number) => T) => {
    const out = make(rows.length);
    rows.forEach((i, k) => (out[k] = x[i]));
    return out;
  };
  const f64 = (n: number) => new Float64Array(n);
  const u8 = (n: number) => new Uint8Array(n);
  const input = { confidence: pick(conf, f64), correctCheap: pick(cc, u8), correctExpensive: pick(ce, u8), costCheap: pick(cheap.costUsd!, f64), costExpensive: pick(exp.costUsd!, f64) };
  const points = routingSweep(input, { resamples: Math.min(cfg.resamples, 500), seed: cfg.seed, alpha: cfg.alpha }).map((p) => ({ ...p, t: Number.isFinite(p.t) ? p.t : null }));
  const cheapOnly = { quality: mean(new Float64Array(input.correctCheap)), cost_per_request: mean(input.costCheap) };
  const expOnly = { quality: mean(new Float64Array(input.correctExpensive)), cost_per_request: mean(input.costExpensive) };
  const target = cfg.routingTarget ?? (expOnly.quality > cheapOnly.quality ? cheapOnly.quality + cfg.routingGainShare * (expOnly.quality - cheapOnly.quality) : null);
  const best = target === null ? null : cheapestReaching(points as Parameters<typeof cheapestReaching>[0], target);
  return { cheap: cheapSide, measure: src.measure, n: rows.length, cheap_only: cheapOnly, expensive_only: expOnly, target, points, best: best ? { ...best, t: Number.isFinite(best.t as number) ? best.t : null } : null };
}

export function runComparison(o: CompareOptions): PairedComparisonOutput {
  const def = o.comparison;
  const config = parseComparisonConfig(def, o.config ?? {});
  const { alpha } = comparisonConfigSchema.parse(config);
  const keys = o.cohortKeys ?? [];
  const minSize = o.minCohortSize ?? 30;
  const notes: string[] = [];
  const shareIds = !!(o.a.requestId && o.b.requestId);
  let pairing = o.pairing === "unpaired" || !shareIds ? null : pairByRequest(o.a, o.b, o.labels);
  if (pairing && pairing.paired === 0) {
    notes.push("The two versions share no request id: compared as independent samples (unpaired).");
    pairing = null;
  }
  if (!pairing && o.pairing !== "unpaired" && !shareIds) notes.push("No request ids on both sides: compared as independent samples (unpaired).");
  if (!pairing && o.pairing === "unpaired") notes.push("Unpaired comparison (two windows): each side is a sample of its own.");
  const paired = !!pairing;
  const a = pairing ? pairing.a : withFileLabels(o.a, o.labels);
  const b = pairing ? pairing.b : withFileLabels(o.b, o.labels);

  const slices: { cohort: string; key?: string; a: Frame; b: Frame }[] = [{ cohort: "all", a, b }];
  for (const key of keys) {
    if (paired) {
      const col = pairedCohort(a, b, key);
      if (!col) {
        notes.push(`cohort column ${key} is on neither version`);
        continue;
      }
      const groups = groupRows(col);
      for (const value of [...groups.keys()].sort()) slices.push({ cohort: value, key, a: takeRows(a, groups.get(value)!), b: takeRows(b, groups.get(value)!) });
    } else {
      const ca = cohortColumn(a, key);
      const cb = cohortColumn(b, key);
      const ga = ca ? groupRows(ca) : new Map<string, Int32Array>();
      const gb = cb ? groupRows(cb) : new Map<string, Int32Array>();
      const values = [...new Set([...ga.keys(), ...gb.keys()])].sort();
      const none = new Int32Array(0);
      for (const value of values) slices.push({ cohort: value, key, a: takeRows(a, ga.get(value) ?? none), b: takeRows(b, gb.get(value) ?? none) });
    }
  }

  const cohorts: PairedCohort[] = slices.map((s) => {
    const base = { cohort: s.cohort, ...(s.key ? { key: s.key } : {}), n: paired ? s.a.length : s.a.length + s.b.length, n_a: s.a.length, n_b: s.b.length };
    const smallest = Math.min(s.a.length, s.b.length);
    if (smallest === 0) return { ...base, status: "n/a" as const, metrics: [], notes: [s.a.length ? "version B has no request in this cohort" : "version A has no request in this cohort"] };
    if (s.cohort !== "all" && smallest < minSize) return { ...base, status: "n/a" as const, metrics: [], notes: [`insufficient data (n < ${minSize})`] };
    const metrics = compareVersions(def, { a: s.a, b: s.b, paired, config, cohort: s.cohort });
    return { ...base, status: cohortStatus(metrics), metrics };
  });

  return {
    kind: "paired-comparison",
    plugin: def.id,
    version: def.version,
    pairing: paired ? "paired" : "unpaired",
    paired: pairing?.paired ?? 0,
    only_a: pairing ? pairing.onlyA : o.a.length,
    only_b: pairing ? pairing.onlyB : o.b.length,
    duplicates: { a: pairing?.duplicatesA ?? 0, b: pairing?.duplicatesB ?? 0 },
    labels: o.sideLabels ?? { a: "A", b: "B" },
    alpha,
    status: overallStatus(cohorts),
    cohorts,
    ...(() => {
      const routing = paired ? routingWhatIf(def, a, b, config) : def.routing ? { reason: "needs paired requests (the same requests answered by both versions)" } : undefined;
      const text = routing ? routingSentence({ routing, labels: o.sideLabels ?? { a: "A", b: "B" } }) : null;
      return routing ? { routing, ...(text ? { routing_text: text } : {}) } : {};
    })(),
    ...(notes.length ? { notes } : {}),
  };
}
