import { mergeSketch, readSketch, DAY_MS, type RollupRow } from "./rollup";
import type { DDSketch } from "@datadog/sketches-js";
import type { ModelTraffic, ServingPoint, VersionTraffic } from "./repository";

/**
 * The model page's traffic from rollup rows (O(series × days), whatever the traffic) — shared by
 * both backends, which only fetch: `rows` from pred_rollup, `quality` from pred_quality,
 * `labels` from pred_label_stats.
 */
export function trafficFromRollups(
  rows: RollupRow[],
  quality: { version: string; feature: string; kind: string; count: number }[],
  labels: { labels: number; waiting: number } | undefined,
  registered: string[],
): ModelTraffic {
  type Acc = { t: VersionTraffic; w: number; labeledW: number; latency: DDSketch | null; labelLatency: DDSketch | null };
  const byVersion = new Map<string, Acc>();
  const daily = new Map<number, { predictions: number; requests: number }>();
  const serving: ServingPoint[] = [];
  const sample = { rows: 0, requests: 0, sampledRows: 0 };
  for (const r of rows) {
    let a = byVersion.get(r.version);
    if (!a) byVersion.set(r.version, (a = { t: emptyVersionTraffic(r.version), w: 0, labeledW: 0, latency: null, labelLatency: null }));
    const t = a.t;
    t.predictions += r.n;
    t.requests += r.w;
    t.sampledRows += r.sampled;
    t.errors += r.errors_w;
    t.costUsd += r.cost_w;
    t.tokensIn += r.tokens_in_w;
    t.tokensOut += r.tokens_out_w;
    t.labeled += r.labeled;
    a.labeledW += r.labeled_w;
    if (r.ts_min !== null && (t.firstAt === null || r.ts_min < t.firstAt)) t.firstAt = r.ts_min;
    if (r.ts_max !== null && (t.lastAt === null || r.ts_max > t.lastAt)) t.lastAt = r.ts_max;
    const latency = readSketch(r.latency);
    // The day's serving point reads `latency` below, so the version total starts as a copy.
    if (latency) {
      if (a.latency) mergeSketch(a.latency, latency);
      else a.latency = readSketch(r.latency);
    }
    const labelLatency = readSketch(r.label_latency);
    if (labelLatency) {
      if (a.labelLatency) mergeSketch(a.labelLatency, labelLatency);
      else a.labelLatency = labelLatency;
    }
    const d = daily.get(r.day) ?? { predictions: 0, requests: 0 };
    d.predictions += r.n;
    d.requests += r.w;
    daily.set(r.day, d);
    sample.rows += r.n;
    sample.requests += r.w;
    sample.sampledRows += r.sampled;
    serving.push({
      day: dayText(r.day),
      version: r.version,
      requests: r.w,
      requestsPerMinute: r.w / 1440,
      errors: r.errors_w,
      errorRate: r.w > 0 ? r.errors_w / r.w : null,
      latencyP50Ms: quantile(latency, 0.5),
      latencyP95Ms: quantile(latency, 0.95),
    });
  }
  const versions: VersionTraffic[] = [];
  for (const a of byVersion.values()) {
    const t = a.t;
    t.errorRate = t.requests > 0 ? t.errors / t.requests : null;
    t.labelCoverage = t.requests > 0 ? a.labeledW / t.requests : null;
    t.latencyP50Ms = quantile(a.latency, 0.5);
    t.latencyP95Ms = quantile(a.latency, 0.95);
    t.labelLatencyP50Ms = quantile(a.labelLatency, 0.5);
    t.labelLatencyP95Ms = quantile(a.labelLatency, 0.95);
    const byFeature = quality.filter((q) => q.version === t.version).map(({ feature, kind, count }) => ({ feature, kind, count }));
    byFeature.sort((x, y) => y.count - x.count || x.feature.localeCompare(y.feature) || x.kind.localeCompare(y.kind));
    for (const q of byFeature) t.quality[q.kind] = (t.quality[q.kind] ?? 0) + q.count;
    t.qualityByFeature = byFeature.slice(0, 20);
    versions.push(t);
  }
  for (const label of registered) if (!byVersion.has(label)) versions.push(emptyVersionTraffic(label));
  return {
    versions,
    labels: labels?.labels ?? 0,
    labelsWaiting: labels?.waiting ?? 0,
    daily: [...daily].sort((x, y) => x[0] - y[0]).map(([day, d]) => ({ day: dayText(day), ...d })),
    serving,
    sample,
  };
}

function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function quantile(s: DDSketch | null, q: number): number | null {
  return s && s.count > 0 ? s.getValueAtQuantile(q) : null;
}

/** A registered version that has no traffic yet. */
export function emptyVersionTraffic(version: string): VersionTraffic {
  return {
    version,
    predictions: 0,
    requests: 0,
    sampledRows: 0,
    errors: 0,
    errorRate: null,
    costUsd: 0,
    tokensIn: 0,
    tokensOut: 0,
    latencyP50Ms: null,
    latencyP95Ms: null,
    firstAt: null,
    lastAt: null,
    labeled: 0,
    labelCoverage: null,
    labelLatencyP50Ms: null,
    labelLatencyP95Ms: null,
    quality: {},
    qualityByFeature: [],
  };
}
