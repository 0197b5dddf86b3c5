/**
 * A model's traffic for the 10M benchmarks (bench/model-page.ts, bench/ten-million.ts): `rows`
 * predictions in batches of 10,000, 3 versions over 60 UTC days ending today, 5 features (3
 * numeric, 2 categorical), errors, cost, tokens, latency, a sample rate of 5% on part of the
 * traffic, and labels for 10% of the requests arriving later.
 */
import type { NormalizedLabel, NormalizedPrediction } from "../server/ingest/validate";

export const TRAFFIC_BATCH = 10_000;
export const TRAFFIC_DAYS = 60;
export const TRAFFIC_VERSIONS = ["v1", "v2", "v3"];
export const DAY = 86_400_000;

export function syntheticTraffic(rows: number) {
  const t0 = Math.floor(Date.now() / DAY) * DAY - (TRAFFIC_DAYS - 1) * DAY;
  const span = (TRAFFIC_DAYS * DAY) / (rows / TRAFFIC_BATCH);
  return {
    batches: rows / TRAFFIC_BATCH,
    /** Batch b: 10,000 rows of one version, spread over the 60 days in time order. */
    predictions(b: number): NormalizedPrediction[] {
      const version = TRAFFIC_VERSIONS[b % TRAFFIC_VERSIONS.length]!;
      const out: NormalizedPrediction[] = new Array(TRAFFIC_BATCH);
      for (let i = 0; i < TRAFFIC_BATCH; i++) {
        const ts = t0 + Math.floor(b * span + (i * span) / TRAFFIC_BATCH);
        const sampled = ts >= t0 + 40 * DAY && version === "v1"; // v1 moved to 5% sampling 20 days ago
        out[i] = {
          index: i,
          requestId: `r${b}-${i}`,
          ts,
          version,
          features: { amount: (i * 37) % 1000, age: i % 90, score: (i % 97) / 97, tier: i % 3 ? "gold" : "basic", country: `c${i % 12}` },
          predNum: (i % 101) / 101,
          predClass: null,
          predJson: null,
          label: null,
          latencyMs: 5 + ((i * 7919) % 400) + (i % 50 === 0 ? 900 : 0),
          costUsd: 0.0004,
          tokensIn: 300 + (i % 200),
          tokensOut: 50 + (i % 40),
          error: i % 97 === 0 ? "timeout" : null,
          cohort: { region: i % 2 ? "eu" : "us" },
          sampleRate: sampled ? 0.05 : undefined,
        };
      }
      return out;
    },
    /** Labels for every tenth request of batch b, 1–48 hours after it. */
    labels(b: number): NormalizedLabel[] {
      const out: NormalizedLabel[] = [];
      for (let i = 0; i < TRAFFIC_BATCH; i += 10) {
        out.push({ index: out.length, requestId: `r${b}-${i}`, ts: t0 + Math.floor(b * span + (i * span) / TRAFFIC_BATCH) + 3_600_000 * (1 + (i % 48)), value: { num: i % 3 ? 0 : 1, text: null } });
      }
      return out;
    },
  };
}
