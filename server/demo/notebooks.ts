/**
 * Demo notebooks: one per demo model, built so that running it shows the story hidden in the demo
 * traffic (server/demo/traffic.ts). Idempotent: a model that already has the notebook (by title)
 * is skipped.
 *
 * - fraud-risk: training/serving skew and PSI drift on txn_sum_30d against the training baseline;
 *   this week's quality estimated without labels (perf.cbpe) next to the few labels that arrived.
 * - lead-scoring: ROC AUC per account_tier: the rare `strategic` tier is the weak cohort — and
 *   segments.weak finds it without being told where to look.
 * - product-recs: drift of item_category (and sessions, carts) during the holiday sale vs the
 *   12 days before it.
 * - support-triage: clf-small-v2 vs llm-triage-v1 paired by request id (deltas, intervals, verdicts), then cost & latency and quality side by side.
 */
import type { PrismaClient } from "../generated/prisma/client";
import { DEFAULT_SELECTION, type Cell, type Selection } from "../notebooks/types";
import { DEMO_WORKSPACE } from "./inventory";

interface DemoNotebook {
  model: string;
  title: string;
  description: string;
  defaults: Selection;
  cells: Cell[];
}

const md = (id: string, source: string): Cell => ({ id, type: "markdown", source });
/** The two sides of every comparison in the triage notebook: production's classifier (A), the LLM in shadow (B). */
const TRIAGE_SIDES = {
  a: { kind: "version", version: "clf-small-v2", label: "clf-small-v2 (production)" },
  b: { kind: "version", version: "llm-triage-v1", label: "llm-triage-v1 (shadow)" },
} as const;

export const DEMO_NOTEBOOKS: DemoNotebook[] = [
  {
    model: "fraud-risk",
    title: "Fraud risk: skew and drift",
    description: "Does serving compute features the way training did? Skew and drift of the key features against the training baseline.",
    defaults: { ...DEFAULT_SELECTION, versions: ["v3.2"], window: { kind: "lastDays", days: 7 }, reference: { kind: "baseline", baselineName: "training" } },
    cells: [
      md("intro", "# Fraud risk: skew and drift\n\nLast 7 days of **v3.2**. The skew cell joins served requests with the batch pipeline's recomputation of the same requests (`batch-recompute`, by `request_id`); drift compares with the `training` baseline. If a key feature is computed differently online than in the batch pipeline, the skew cell says which one, and drift shows how far its distribution moved."),
      {
        id: "skew",
        type: "evaluator",
        title: "Training/serving skew (batch recomputation of served requests)",
        pluginId: "skew.training_serving",
        config: { entityKey: "request_id" },
        columns: ["txn_amount", "txn_sum_30d", "txn_count_7d", "merchant_category"],
        selection: { reference: { kind: "baseline", baselineName: "batch-recompute" } },
      },
      { id: "drift", type: "evaluator", title: "Drift of key features (PSI)", pluginId: "drift.psi", config: {}, columns: ["txn_amount", "txn_sum_30d", "txn_count_7d", "merchant_category"] },
      { id: "drift-chart", type: "chart", title: "PSI per feature", sourceCellId: "drift", metric: "psi", mark: "bar" },
      { id: "quality", type: "evaluator", title: "Quality (labelled transactions, last 28 days)", pluginId: "quality.binary", config: {}, selection: { window: { kind: "lastDays", days: 28 }, reference: { kind: "none" } } },
      { id: "cost", type: "evaluator", title: "Latency and cost per correct prediction (last 28 days)", pluginId: "cost.latency", config: {}, selection: { window: { kind: "lastDays", days: 28 }, reference: { kind: "none" } } },
      md(
        "estimate-intro",
        "## This week, before the chargebacks arrive\n\nChargeback labels take days to weeks, so the last 7 days are only partly labelled: a quality cell on them is marked *immature*. The estimate below needs no labels: it calibrates v3.2's scores on the labelled `training` baseline (isotonic, only when that helps) and reads accuracy, precision, recall, F1 and ROC AUC off the expected confusion matrix, with a ±3σ sampling-error band. Where labels did arrive it shows the realized value beside the estimate; a large gap means the scores no longer mean what they meant in training — here, because `txn_sum_30d` is served over 7 days instead of 30.",
      ),
      { id: "estimate", type: "evaluator", title: "Estimated quality without labels (CBPE), last 7 days", pluginId: "perf.cbpe", config: {} },
      { id: "quality-7d", type: "evaluator", title: "Quality on the labels that arrived (last 7 days)", pluginId: "quality.binary", config: {}, selection: { reference: { kind: "none" } } },
      md("next", "If `txn_sum_30d` is the skewed feature, check the online feature service's aggregation window first (see the runbook)."),
    ],
  },
  {
    model: "lead-scoring",
    title: "Lead scoring: quality per account tier",
    description: "Is the model equally good for every kind of account? ROC AUC and calibration per account_tier.",
    defaults: { ...DEFAULT_SELECTION, versions: ["v1.4"], window: { kind: "lastDays", days: 56 }, reference: { kind: "none" }, cohortKeys: ["account_tier"], minCohortSize: 30 },
    cells: [
      md("intro", "# Lead scoring: quality per account tier\n\nConversion labels arrive 7–45 days after scoring, so this looks at the last 8 weeks. `all` can look healthy while one tier is close to a coin flip."),
      { id: "quality", type: "evaluator", title: "Quality per account tier", pluginId: "quality.binary", config: { warnBelow: 0.8, failBelow: 0.7 } },
      { id: "auc-chart", type: "chart", title: "ROC AUC per account tier", sourceCellId: "quality", metric: "roc_auc", mark: "bar" },
      md("weak-intro", "## Where is it weak? (nobody told it)\n\nThe cell below is not given `account_tier`: it searches every attribute and feature, one and two at a time, for slices where ROC AUC is worst, with Benjamini–Hochberg control so that many slices do not produce false alarms."),
      { id: "weak", type: "evaluator", title: "Weak segments, found automatically", pluginId: "segments.weak", config: { entity: "leads" }, selection: { cohortKeys: [] } },
    ],
  },
  {
    model: "product-recs",
    title: "Product recs: the holiday shift",
    description: "How different is traffic during the holiday sale from the 12 days before it?",
    defaults: { ...DEFAULT_SELECTION, versions: ["2025.09"], window: { kind: "lastDays", days: 12 }, reference: { kind: "precedingWindow" } },
    cells: [
      md("intro", "# Product recs: the holiday shift\n\nThe last 12 days (the sale) against the 12 days before. Expect item categories, session lengths and cart values to move: is the model still recommending the right things?"),
      { id: "drift", type: "evaluator", title: "Drift: sale vs the 12 days before", pluginId: "drift.psi", config: {}, columns: ["item_category", "session_length", "cart_value", "device"] },
      { id: "drift-chart", type: "chart", title: "PSI per feature", sourceCellId: "drift", metric: "psi", mark: "bar" },
      { id: "drift-categories", type: "evaluator", title: "Item category shift (chi-square)", pluginId: "drift.chisquare", config: {}, columns: ["item_category"] },
      md("ranking-intro", "## Is it still recommending the right things?\n\nEach request logs its ten recommendations in rank order and, later, the ones the shopper clicked. NDCG@10 per request (clicks as relevant, 1/log2(rank+1) discounts, divided by the best possible order), averaged over requests; a request without clicks scores 0."),
      { id: "ranking", type: "evaluator", title: "Ranking quality (NDCG@10 on clicks)", pluginId: "quality.ranking", config: { shape: "listPerRequest", k: 10, failBelow: 0.35, warnBelow: 0.38 } },
    ],
  },
  {
    model: "support-triage",
    title: "Support triage: is the LLM worth it?",
    description: "clf-small-v2 (production) vs llm-triage-v1 (shadow) on the same tickets: a paired comparison with intervals and verdicts, then cost, latency and quality side by side.",
    defaults: { ...DEFAULT_SELECTION, window: { kind: "lastDays", days: 14 }, reference: { kind: "none" } },
    cells: [
      md(
        "intro",
        "# Support triage: is the LLM worth it?\n\nBoth versions score every ticket, so the comparison joins them **by request id**: every row below is the same ticket answered twice. For each metric: the difference (LLM − production) with a 95% interval, the test that fits it (McNemar for accuracy, a seeded paired bootstrap for macro-F1 and cost per correct answer, Wilcoxon for latency) and a verdict against the margin that matters (1 point of accuracy). When the verdict is *no clear difference*, the cell says how many more paired tickets it would take.",
      ),
      {
        id: "paired",
        type: "comparison",
        title: "LLM vs production on the same tickets (paired)",
        pluginId: "compare.multiclass",
        config: { margins: { accuracy: 0.01, macro_f1: 0.01 } },
        selection: { cohortKeys: ["language"] },
        ...TRIAGE_SIDES,
      },
      md("paired-read", "Read the accuracy row first: if its interval clears the margin, the LLM is really better on the same tickets. Then the cost rows: *cost per correct* is what each right answer costs, and the ratio shows how many times more the LLM pays for it."),
      {
        id: "cost",
        type: "comparison",
        title: "Cost & latency",
        pluginId: "cost.latency",
        config: {},
        ...TRIAGE_SIDES,
      },
      { id: "cost-chart", type: "chart", title: "Cost per request", sourceCellId: "cost", metric: "cost_per_request", mark: "bar" },
      {
        id: "quality",
        type: "comparison",
        title: "Quality",
        pluginId: "quality.multiclass",
        config: {},
        ...TRIAGE_SIDES,
      },
    ],
  },
];

/** Creates the missing demo notebooks; returns how many it created. */
export async function seedDemoNotebooks(db: PrismaClient): Promise<number> {
  const ws = await db.workspace.findUnique({ where: { slug: DEMO_WORKSPACE.slug } });
  if (!ws) return 0;
  let created = 0;
  for (const demo of DEMO_NOTEBOOKS) {
    const model = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId: ws.id, slug: demo.model } } });
    if (!model) continue;
    if (await db.notebook.findFirst({ where: { modelId: model.id, title: demo.title } })) continue;
    const defaults = JSON.stringify(demo.defaults);
    const cells = JSON.stringify(demo.cells);
    await db.notebook.create({
      data: {
        workspaceId: ws.id,
        modelId: model.id,
        title: demo.title,
        description: demo.description,
        defaults,
        cells,
        revision: 1,
        revisions: { create: { revision: 1, title: demo.title, defaults, cells, summary: "created by the demo seed", authorLabel: "demo seed" } },
      },
    });
    created++;
  }
  return created;
}
