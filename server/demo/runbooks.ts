/**
 * Demo runbooks that fit each demo model's story (server/demo/inventory.ts): the fraud model's
 * skewed 30-day sum, lead scoring's strategic accounts, the recommender's holiday catalogue, the
 * triage LLM's cost. Idempotent: a runbook whose title exists is left alone.
 */
import type { PrismaClient } from "../generated/prisma/client";
import { createRunbook } from "../runbooks/service";
import { RUNBOOK_TEMPLATES, fillTemplate, primaryMetricForTask, type RunbookTopic } from "../runbooks/templates";
import { DEMO_MODELS, DEMO_WORKSPACE } from "./inventory";

interface DemoRunbook {
  model: string;
  topic: RunbookTopic;
  title: string;
  body: string;
}

const SPECIFIC: DemoRunbook[] = [
  {
    model: "fraud-risk",
    topic: "feature_drift",
    title: "When txn_sum_30d drifts or skews",
    body: `## Why this feature
\`txn_sum_30d\` is computed twice: by the Spark batch job for training and by **risk-scoring-svc** for every request. If the two disagree the model scores good customers as risky — fraud losses are not the first symptom, declined good transactions are.

## Check first
1. Open the latest report's **Training/serving skew** cell. A constant ratio between serving and training values (for example ≈ 0.25×, i.e. roughly 7 of 30 days) means the online window is wrong, not the customers.
2. Compare with the last deploy of risk-scoring-svc and of the feature library it vendors.
3. Look at PSI for \`txn_sum_30d\` and \`txn_amount\` together: only the sum moving points at the pipeline; both moving points at real behaviour (holidays, a new market).

## Act
- Skew confirmed → hotfix the online aggregation window, re-run the "Weekly health check" notebook, attach this runbook to the report you send.
- Real shift → ask Risk ML for a retrain on the last 8 weeks; keep v3.2 in production meanwhile.
- Page **risk-ml-oncall@acme.example** if AUC is below 0.85 for the whole traffic.`,
  },
  {
    model: "lead-scoring",
    topic: "quality_drop",
    title: "When AUC drops for strategic accounts",
    body: `## Context
Strategic accounts are rare in the training history, so the model sees few of them. Sales notices first ("the model ignores our biggest prospects").

## Check first
1. In the report's quality table, compare the \`account_tier=strategic\` cohort with \`all\`. A gap of more than 0.1 AUC is a finding even when the overall SLO is met.
2. Check the cohort's size and label coverage: conversions take up to 60 days, so recent weeks are thinly labelled.
3. Look for drift in \`employee_count\` and \`web_visits_30d\` within the cohort.

## Act
- Tell Growth Data Science and the sales ops lead; route strategic leads to manual review until fixed.
- Plan a retrain with strategic accounts up-weighted or as a separate model; evaluate v1.5 on that cohort before promoting it.`,
  },
  {
    model: "product-recs",
    topic: "feature_drift",
    title: "When the catalogue shifts (sales, holidays)",
    body: `## Context
Big sales flood the catalogue with new items and change what shoppers browse. \`item_category\` and \`session_length\` move first; NDCG follows a few days later.

## Check first
1. Drift on \`item_category\` (chi-square) and \`session_length\` (PSI) against the training baseline.
2. NDCG per device: app and web shoppers react differently to sales pages.
3. Whether the 2025.11 canary behaves better on the new mix than 2025.09.

## Act
- Expected seasonal shift, NDCG within SLO → note it in the report, move the reference window forward after the sale.
- NDCG below 0.35 → widen the canary if it is better, otherwise fall back to popularity ranking for new items.`,
  },
  {
    model: "support-triage",
    topic: "cost_jump",
    title: "When the LLM triage cost jumps",
    body: `## Context
The LLM-based triage runs in shadow next to the small classifier. Every shadow request is paid for, so its cost shows up before any benefit does.

## Check first
1. Cost per request and tokens per request of \`llm-triage-v1\` vs \`clf-small-v2\` in the candidate-vs-production report.
2. Cost per **correct** prediction, with label coverage: agents' final queue is the label and arrives when the ticket closes.
3. Macro F1 gain per extra dollar. Leadership's question is "is +x% quality worth +y% cost?".

## Act
- No measurable quality gain → stop the shadow traffic or sample it down to 10%.
- Gain only on hard tickets → route long or enterprise tickets to the LLM, the rest to the classifier.
- Keep the report with both numbers; it is the decision record.`,
  },
];

/** Creates the demo runbooks that do not exist yet. Returns how many were created. */
export async function seedDemoRunbooks(db: PrismaClient): Promise<number> {
  const workspace = await db.workspace.findUnique({ where: { slug: DEMO_WORKSPACE.slug } });
  if (!workspace) return 0;
  const actor = { id: null, label: "demo seed" };
  let created = 0;
  for (const m of DEMO_MODELS) {
    const model = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId: workspace.id, slug: m.slug } } });
    if (!model) continue;
    const existing = new Set((await db.runbook.findMany({ where: { modelId: model.id }, select: { title: true } })).map((r) => r.title));
    const metric = primaryMetricForTask(m.task).label;
    const wanted = [
      ...SPECIFIC.filter((s) => s.model === m.slug),
      ...RUNBOOK_TEMPLATES.filter((t) => t.topic === "quality_drop" || t.topic === "rollback").map((t) => fillTemplate(t, { metric, model: m.name })),
    ];
    for (const rb of wanted) {
      if (existing.has(rb.title)) continue;
      await createRunbook(db, workspace.id, actor, m.slug, { title: rb.title, topic: rb.topic, body: rb.body });
      existing.add(rb.title);
      created++;
    }
  }
  return created;
}
