import { BaselineBuilder } from "../ingest/baselines";
import type { ModelRef, PredictionRepository } from "../predictions/repository";
import type { FeatureValue, LabelValue, NormalizedLabel, NormalizedPrediction } from "../ingest/validate";
import { prediction } from "./prediction";

/**
 * Eight weeks of realistic demo traffic with delayed labels for the four seeded models, and a
 * training baseline for each. The stories hidden in it, for evaluations to find:
 *
 * - fraud-risk: from SKEW_START (19 days ago) the online service computes `txn_sum_30d` over 7 days
 *   instead of 30 (training/serving skew): served values drop to ~7/30 of the batch values, the
 *   score loses its strongest signal and AUC falls. Chargeback labels arrive 1–30 days later.
 * - lead-scoring: the model is good for smb/mid_market/enterprise but close to random on the rare
 *   `strategic` account_tier (≈2% of leads). Conversion labels arrive 7–45 days later.
 * - product-recs: a holiday sale in the last 12 days shifts item categories (electronics, toys),
 *   longer sessions, bigger carts and more mobile traffic; 2025.11 runs as a 10% canary.
 * - support-triage: llm-triage-v1 (shadow) scores every ticket production's clf-small-v2 scores,
 *   at ~10x the cost per ticket (≈$0.0021 vs $0.0002) for a small accuracy gain (≈0.84 vs 0.79).
 *
 * Deterministic (seeded), idempotent (skips a model that already has traffic), ~200k predictions.
 */

const DAY = 86_400_000;
export const DEMO_WEEKS = 8;

/** mulberry32: small, fast, seedable. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return {
    next,
    normal,
    lognormal: (mu: number, sigma: number) => Math.exp(mu + sigma * normal()),
    pick<T>(items: readonly T[], weights?: readonly number[]): T {
      if (!weights) return items[Math.floor(next() * items.length)]!;
      let r = next() * weights.reduce((a, b) => a + b, 0);
      for (let i = 0; i < items.length; i++) if ((r -= weights[i]!) < 0) return items[i]!;
      return items[items.length - 1]!;
    },
  };
}
type Rng = ReturnType<typeof rng>;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Daily seasonality: quieter at night (UTC) and on weekends. */
function timestamps(r: Rng, start: number, end: number, count: number): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const t = start + r.next() * (end - start);
    const d = new Date(t);
    const hour = d.getUTCHours();
    const weight = (hour >= 7 && hour <= 21 ? 1 : 0.35) * (d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.7 : 1);
    if (r.next() < weight) out.push(Math.round(t));
  }
  return out.sort((a, b) => a - b);
}

export interface Generated {
  predictions: NormalizedPrediction[];
  labels: NormalizedLabel[];
  baseline: Record<string, FeatureValue>[];
  baselineVersion: string;
  /** Further reference datasets, e.g. the batch pipeline's recomputation of served requests. */
  extraBaselines?: { name: string; rows: Record<string, FeatureValue>[] }[];
}

const num = (v: number): LabelValue => ({ num: v, text: null });
const text = (v: string): LabelValue => ({ num: null, text: v });

// ── fraud-risk ────────────────────────────────────────────────────────────────
const MERCHANTS = ["grocery", "travel", "electronics", "restaurants", "fuel", "online_retail", "gaming"] as const;
const MERCHANT_W = [30, 6, 8, 22, 14, 16, 4];
const MERCHANT_RISK: Record<string, number> = { grocery: -0.6, travel: 0.6, electronics: 0.9, restaurants: -0.4, fuel: -0.2, online_retail: 0.5, gaming: 1.2 };
const COUNTRIES = ["US", "GB", "DE", "FR", "BR", "IN"] as const;

function fraudTxn(r: Rng) {
  const merchant = r.pick(MERCHANTS, MERCHANT_W);
  const country = r.pick(COUNTRIES, [50, 12, 12, 10, 8, 8]);
  const international = r.next() < (country === "US" ? 0.08 : 0.25);
  const amount = round(Math.min(49_000, r.lognormal(merchant === "travel" || merchant === "electronics" ? 5.2 : 3.6, 1.0)));
  const sum30 = round(r.lognormal(7.3, 0.8));
  const count7 = Math.max(0, Math.round(r.lognormal(2.2, 0.7)));
  const ageDays = r.next() < 0.03 ? null : Math.round(r.lognormal(6, 1.2));
  // Fraud: large amount relative to the customer's 30-day spend, risky merchants, new accounts.
  const logit = -4.6 + 1.5 * Math.log1p(amount / (sum30 / 30)) - 1.2 + MERCHANT_RISK[merchant]! + (international ? 0.9 : 0) + (ageDays !== null && ageDays < 60 ? 1.0 : 0);
  const fraud = r.next() < sigmoid(logit) ? 1 : 0;
  return { merchant, country, international, amount, sum30, count7, ageDays, fraud };
}

function fraudScore(amount: number, servedSum30: number, merchant: string, international: boolean, ageDays: number | null, noise: number) {
  return sigmoid(-4.6 + 1.5 * Math.log1p(amount / (servedSum30 / 30)) - 1.2 + MERCHANT_RISK[merchant]! + (international ? 0.9 : 0) + (ageDays !== null && ageDays < 60 ? 1.0 : 0) + noise);
}

function generateFraud(now: number, r: Rng): Generated {
  const start = now - DEMO_WEEKS * 7 * DAY;
  const skewStart = now - 19 * DAY;
  const shadowStart = now - 21 * DAY;
  const recomputeFrom = now - 14 * DAY;
  const predictions: NormalizedPrediction[] = [];
  const labels: NormalizedLabel[] = [];
  // The batch pipeline recomputes the features of a sample of recently served requests, keyed by
  // request_id: the row-level parity check compares them with what the online service served.
  const batchRecompute: Record<string, FeatureValue>[] = [];
  timestamps(r, start, now, 62_000).forEach((ts, i) => {
    const t = fraudTxn(r);
    const served = ts >= skewStart ? round(t.sum30 * (7 / 30) * (0.95 + 0.1 * r.next())) : t.sum30;
    const features = {
      txn_amount: t.amount,
      txn_sum_30d: served,
      txn_count_7d: t.count7,
      account_age_days: t.ageDays,
      merchant_category: t.merchant,
      country: t.country,
      is_international: t.international,
    };
    const requestId = `txn-${(1_000_000 + i).toString(36)}`;
    const cohort = { region: t.country === "US" ? "na" : t.country === "BR" ? "latam" : t.country === "IN" ? "apac" : "emea" };
    const latency = r.lognormal(3.5, 0.35);
    predictions.push(
      prediction({
        requestId,
        ts,
        version: "v3.2",
        features,
        cohort,
        predNum: round(fraudScore(t.amount, served, t.merchant, t.international, t.ageDays, 0.5 * r.normal()), 4),
        latencyMs: round(latency, 1),
        costUsd: 0.00002,
        error: r.next() < 0.002 ? "feature store timeout; served the fallback score" : null,
      }),
    );
    if (ts >= shadowStart) {
      predictions.push(
        prediction({ requestId, ts: ts + 3, version: "v3.3", features, cohort, predNum: round(fraudScore(t.amount, served, t.merchant, t.international, t.ageDays, 0.45 * r.normal()), 4), latencyMs: round(latency * 1.15, 1), costUsd: 0.00003 }),
      );
    }
    const labelAt = ts + Math.round(r.lognormal(Math.log(5 * DAY), 0.7));
    if (labelAt < now) labels.push({ index: 0, requestId, ts: labelAt, value: num(t.fraud) });
    if (ts >= recomputeFrom && i % 3 === 0)
      batchRecompute.push({ request_id: requestId, txn_amount: t.amount, txn_sum_30d: t.sum30, txn_count_7d: t.count7, merchant_category: t.merchant });
  });
  const baseline: Record<string, FeatureValue>[] = [];
  for (let i = 0; i < 8000; i++) {
    const t = fraudTxn(r);
    baseline.push({
      txn_amount: t.amount,
      txn_sum_30d: t.sum30,
      txn_count_7d: t.count7,
      account_age_days: t.ageDays,
      merchant_category: t.merchant,
      country: t.country,
      is_international: t.international,
      prediction: round(fraudScore(t.amount, t.sum30, t.merchant, t.international, t.ageDays, 0.5 * r.normal()), 4),
      label: t.fraud,
    });
  }
  return { predictions, labels, baseline, baselineVersion: "v3.2", extraBaselines: [{ name: "batch-recompute", rows: batchRecompute }] };
}

// ── lead-scoring ──────────────────────────────────────────────────────────────
const TIERS = ["smb", "mid_market", "enterprise", "strategic"] as const;
const INDUSTRIES = ["software", "finance", "healthcare", "retail", "manufacturing", "public_sector"] as const;

function lead(r: Rng) {
  const tier = r.pick(TIERS, [55, 30, 13, 2]);
  const employees = r.next() < 0.06 ? null : Math.max(1, Math.round(r.lognormal({ smb: 3, mid_market: 5.3, enterprise: 7.5, strategic: 9 }[tier], 0.6)));
  const visits = Math.round(r.lognormal(2, 1));
  const opens = Math.round(r.lognormal(1.5, 0.9));
  const industry = r.next() < 0.05 ? null : r.pick(INDUSTRIES);
  const engagement = 0.55 * Math.log1p(visits) + 0.45 * Math.log1p(opens);
  // Engagement drives conversion steeply enough that the model ranks smb/mid_market/enterprise leads
  // well (ROC AUC ≈ 0.85, past the SLO's 0.80); strategic accounts convert for reasons the features
  // do not carry (exec relationships), so on them the same score is close to random (≈ 0.5).
  const engagementLogit = 3.5 * (engagement - 2.37); // 2.37: a typical engagement; ≈ 30% of leads convert
  const logit = tier === "strategic" ? -0.3 + 1.2 * r.normal() : engagementLogit + 0.4 * r.normal();
  const converted = r.next() < sigmoid(logit) ? 1 : 0;
  const score = sigmoid(engagementLogit + 0.35 * r.normal());
  return { tier, employees, visits, opens, industry, converted, score };
}

function generateLeads(now: number, r: Rng): Generated {
  const start = now - DEMO_WEEKS * 7 * DAY;
  const predictions: NormalizedPrediction[] = [];
  const labels: NormalizedLabel[] = [];
  timestamps(r, start, now, 36_000).forEach((ts, i) => {
    const l = lead(r);
    const requestId = `lead-${(500_000 + i).toString(36)}`;
    predictions.push(
      prediction({
        requestId,
        ts,
        version: "v1.4",
        features: { employee_count: l.employees, web_visits_30d: l.visits, email_opens_30d: l.opens, industry: l.industry, account_tier: l.tier },
        cohort: { account_tier: l.tier, region: r.pick(["na", "emea", "apac"], [55, 30, 15]) },
        predNum: round(l.score, 4),
        latencyMs: round(r.lognormal(4.6, 0.4), 1),
        costUsd: 0.00005,
      }),
    );
    const labelAt = ts + Math.round((7 + r.next() * 38) * DAY);
    if (labelAt < now) labels.push({ index: 0, requestId, ts: labelAt, value: num(l.converted) });
  });
  const baseline: Record<string, FeatureValue>[] = [];
  for (let i = 0; i < 6000; i++) {
    const l = lead(r);
    baseline.push({ employee_count: l.employees, web_visits_30d: l.visits, email_opens_30d: l.opens, industry: l.industry, account_tier: l.tier, prediction: round(l.score, 4), label: l.converted });
  }
  return { predictions, labels, baseline, baselineVersion: "v1.4" };
}

// ── product-recs ──────────────────────────────────────────────────────────────
const CATEGORIES = ["apparel", "home", "electronics", "beauty", "toys", "sports"] as const;

function session(r: Rng, sale: boolean) {
  const category = r.pick(CATEGORIES, sale ? [14, 10, 32, 8, 28, 8] : [30, 20, 14, 16, 8, 12]);
  const device = r.pick(["ios", "android", "web"] as const, sale ? [40, 35, 25] : [28, 24, 48]);
  const length = round(r.lognormal(sale ? 5.9 : 5.4, 0.6), 0);
  const cart = round(r.next() < (sale ? 0.55 : 0.35) ? r.lognormal(sale ? 4.6 : 4.1, 0.7) : 0);
  const since = r.next() < 0.12 ? null : Math.round(r.lognormal(3.2, 1));
  return { category, device, length, cart, since };
}

function generateRecs(now: number, r: Rng): Generated {
  const start = now - DEMO_WEEKS * 7 * DAY;
  const saleStart = now - 12 * DAY;
  const canaryStart = now - 14 * DAY;
  const predictions: NormalizedPrediction[] = [];
  const labels: NormalizedLabel[] = [];
  timestamps(r, start, now, 56_000).forEach((ts, i) => {
    const sale = ts >= saleStart;
    const s = session(r, sale);
    const canary = ts >= canaryStart && r.next() < 0.1;
    const items = Array.from({ length: 10 }, () => `${r.next() < 0.7 ? s.category : r.pick(CATEGORIES)}-${Math.floor(r.next() * 400)}`);
    const requestId = `rec-${(2_000_000 + i).toString(36)}`;
    predictions.push(
      prediction({
        requestId,
        ts,
        version: canary ? "2025.11" : "2025.09",
        features: { session_length: s.length, cart_value: s.cart, days_since_last_order: s.since, item_category: s.category, device: s.device },
        cohort: { device: s.device },
        predClass: items[0]!,
        predJson: JSON.stringify(items),
        latencyMs: round(r.lognormal(canary ? 3.3 : 3.5, 0.3), 1),
        costUsd: 0.00001,
      }),
    );
    // Label: the recommended items the shopper clicked (often none). Behaviour changes in the sale.
    const clickRate = (sale ? 0.06 : 0.1) * (canary ? 1.15 : 1);
    const clicked = items.filter((_, k) => r.next() < clickRate / (1 + 0.25 * k));
    const labelAt = ts + Math.round(r.lognormal(Math.log(20 * 60_000), 1));
    if (labelAt < now) labels.push({ index: 0, requestId, ts: labelAt, value: text(JSON.stringify(clicked)) });
  });
  const baseline: Record<string, FeatureValue>[] = [];
  for (let i = 0; i < 6000; i++) {
    const s = session(r, false);
    baseline.push({ session_length: s.length, cart_value: s.cart, days_since_last_order: s.since, item_category: s.category, device: s.device });
  }
  return { predictions, labels, baseline, baselineVersion: "2025.09" };
}

// ── support-triage ────────────────────────────────────────────────────────────
const QUEUES = ["billing", "technical", "account", "shipping", "other"] as const;

function ticket(r: Rng) {
  const truth = r.pick(QUEUES, [28, 32, 18, 15, 7]);
  const plan = r.pick(["free", "pro", "business", "enterprise"] as const, [45, 30, 17, 8]);
  return {
    truth,
    plan,
    channel: r.pick(["email", "chat", "web_form"] as const, [45, 35, 20]),
    language: r.pick(["en", "de", "fr", "es", "pt"] as const, [60, 12, 10, 10, 8]),
    length: Math.round(r.lognormal(5.8, 0.8)),
    attachment: r.next() < 0.2,
  };
}

function classify(r: Rng, truth: string, accuracy: number): string {
  return r.next() < accuracy ? truth : r.pick(QUEUES.filter((q) => q !== truth));
}

function generateTriage(now: number, r: Rng): Generated {
  const start = now - DEMO_WEEKS * 7 * DAY;
  const predictions: NormalizedPrediction[] = [];
  const labels: NormalizedLabel[] = [];
  timestamps(r, start, now, 22_000).forEach((ts, i) => {
    const t = ticket(r);
    const features = { ticket_length: t.length, customer_plan: t.plan, channel: t.channel, language: t.language, has_attachment: t.attachment };
    const cohort = { customer_plan: t.plan, language: t.language };
    const requestId = `tkt-${(300_000 + i).toString(36)}`;
    predictions.push(
      prediction({ requestId, ts, version: "clf-small-v2", features, cohort, predClass: classify(r, t.truth, t.language === "en" ? 0.81 : 0.74), latencyMs: round(r.lognormal(3.4, 0.3), 1), costUsd: round(0.00018 + 0.00004 * r.next(), 6) }),
    );
    const tokensIn = Math.round(t.length / 3.6 + 420);
    const tokensOut = Math.round(r.lognormal(3.2, 0.3));
    const failed = r.next() < 0.004;
    predictions.push(
      prediction({
        requestId,
        ts: ts + 5,
        version: "llm-triage-v1",
        features,
        cohort,
        predClass: classify(r, t.truth, 0.84),
        latencyMs: round(r.lognormal(6.8, 0.35), 1),
        tokensIn,
        tokensOut,
        costUsd: round(tokensIn * 0.0000025 + tokensOut * 0.00001 + 0.0007, 6),
        error: failed ? "upstream timeout after 3000 ms" : null,
      }),
    );
    const labelAt = ts + Math.round(r.lognormal(Math.log(5 * 3_600_000), 0.8));
    if (labelAt < now) labels.push({ index: 0, requestId, ts: labelAt, value: text(t.truth) });
  });
  const baseline: Record<string, FeatureValue>[] = [];
  for (let i = 0; i < 5000; i++) {
    const t = ticket(r);
    baseline.push({ ticket_length: t.length, customer_plan: t.plan, channel: t.channel, language: t.language, has_attachment: t.attachment, label: t.truth });
  }
  return { predictions, labels, baseline, baselineVersion: "clf-small-v2" };
}

const GENERATORS: Record<string, (now: number, r: Rng) => Generated> = {
  "fraud-risk": generateFraud,
  "lead-scoring": generateLeads,
  "product-recs": generateRecs,
  "support-triage": generateTriage,
};

/** One demo model's generated traffic (the same the seed writes), for tests that check its stories. */
export function generateDemoTraffic(slug: string, now: number): Generated {
  const generate = GENERATORS[slug];
  if (!generate) throw new Error(`no demo traffic for ${slug}`);
  return generate(now, rng(slug.length * 7919 + 17));
}

/**
 * Fills the demo models with traffic, labels and a training baseline. Returns the number of
 * predictions written (0 when every model already had traffic).
 */
export async function seedDemoTraffic(
  /** The demo workspace's id (null: not seeded yet, nothing to do). */
  workspaceId: string | null,
  predictions: PredictionRepository,
  opts: { now?: number; log?: (m: string) => void } = {},
): Promise<number> {
  const now = opts.now ?? Date.now();
  if (!workspaceId) return 0;
  let total = 0;
  for (const [slug, generate] of Object.entries(GENERATORS)) {
    const model: ModelRef | null = await predictions.findModel(workspaceId, slug);
    if (!model || (await predictions.hasTraffic(model.id))) continue;
    const started = Date.now();
    const g = generate(now, rng(slug.length * 7919 + 17));
    // Time-ordered batches of 5,000: compact segments with narrow time ranges.
    for (let i = 0; i < g.predictions.length; i += 5000) await predictions.writePredictions(model, g.predictions.slice(i, i + 5000));
    for (let i = 0; i < g.labels.length; i += 10_000) await predictions.writeLabels(model.id, g.labels.slice(i, i + 10_000));
    const versionId = await predictions.findVersionId(model.id, g.baselineVersion);
    for (const { name, rows } of [{ name: "training", rows: g.baseline }, ...(g.extraBaselines ?? [])]) {
      const builder = new BaselineBuilder(Infinity);
      for (const r of rows) builder.add(r);
      builder.flush();
      await predictions.writeBaseline(
        { modelId: model.id, name, versionId, format: "ndjson", replaceId: null },
        { rowCount: builder.rowCount, columns: builder.columns(), chunks: builder.chunks },
      );
    }
    total += g.predictions.length;
    opts.log?.(`  ${slug}: ${g.predictions.length.toLocaleString("en-US")} predictions, ${g.labels.length.toLocaleString("en-US")} labels in ${Date.now() - started} ms`);
  }
  return total;
}
