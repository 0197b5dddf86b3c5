/**
 * Runbook starter templates. Written for evalbook from the ideas of the team playbook
 * (../shared/seed-article.txt: watch per-cohort quality, training/serving skew, drift on key
 * features, cost against value, clear ownership) — in our own words, as checklists an on-call
 * engineer can follow at 3 am.
 */
export const RUNBOOK_TOPICS = ["quality_drop", "feature_drift", "cost_jump", "rollback", "other"] as const;
export type RunbookTopic = (typeof RUNBOOK_TOPICS)[number];

export const TOPIC_LABELS: Record<RunbookTopic, string> = {
  quality_drop: "Quality drop",
  feature_drift: "Feature drift",
  cost_jump: "Cost or latency jump",
  rollback: "Rollback decision",
  other: "Other",
};

export interface RunbookTemplate {
  topic: RunbookTopic;
  title: string;
  body: string;
}

/** `{metric}` is replaced by the model's primary quality metric, `{model}` by its name. */
export const RUNBOOK_TEMPLATES: RunbookTemplate[] = [
  {
    topic: "quality_drop",
    title: "What to check first when {metric} drops",
    body: `## When this applies
The latest evaluation shows {metric} for **{model}** below its SLO, or clearly lower than the previous report.

## First ten minutes
1. **Is it real?** Check label coverage in the report. A drop measured on a few percent of labelled traffic may be noise or label delay, not the model.
2. **Is it everyone or one cohort?** Open the per-cohort table. A drop confined to one segment (a region, a tier, a new customer type) usually means that segment changed or was rare in training.
3. **Did the inputs change?** Look at the drift and skew results of the same run. A key feature that moved, or that serving now computes differently from training, explains most sudden drops.
4. **Did we change anything?** Compare the dates with deploys: a new model version, a feature pipeline release, an upstream schema change.

## Decide
- One cohort, inputs stable → open a ticket for the owning team; note the cohort in the report narrative.
- Inputs broken (skew, nulls, new categories) → treat as a data incident: fix the pipeline, not the model.
- Broad drop with no data explanation → follow "Rollback vs hotfix vs ignore".

## Tell people
Post the report link in the model's channel with one sentence: what dropped, for whom, what you are doing next.`,
  },
  {
    topic: "feature_drift",
    title: "When a key feature drifts",
    body: `## When this applies
A drift evaluator flags a key feature of **{model}** (PSI, KS or chi-square over its threshold), or the skew check finds serving values that differ from training.

## Check in this order
1. **Skew before drift.** If the skew evaluator joins serving rows to training rows and finds a constant ratio (for example every value about 0.25× of training), the feature is being computed differently online. That is a bug in one pipeline — look for a window, unit or filter that changed.
2. **Missing values and new categories.** A jump in the null rate or an unseen category often comes from an upstream schema or product change rather than from customers.
3. **Real-world shift.** Seasonality, a promotion, a new market or a policy change can move a distribution legitimately. Confirm with the product or data owner.
4. **Does it matter?** Check quality for the same window and the cohorts most exposed to the feature. Drift without a quality or cost effect is a watch item, not an incident.

## Decide
- Pipeline bug → hotfix the feature computation; re-run the notebook to confirm the skew is gone.
- Legitimate shift that hurts quality → plan a retrain on recent data; consider a rollback if the SLO is breached.
- Legitimate shift without harm → record it in the report narrative and move the baseline forward.`,
  },
  {
    topic: "cost_jump",
    title: "When cost per request jumps",
    body: `## When this applies
Cost per request or cost per correct prediction for **{model}** rose noticeably, or p95 latency crossed its SLO.

## Check
1. **Volume or unit cost?** Separate "more requests" from "each request costs more". Tokens per request and p95 latency show which one moved.
2. **Which version?** A shadow or canary version doubles spend while it runs. Make sure it is still meant to be running.
3. **Value side.** Cost per correct prediction uses labelled traffic only: check label coverage before quoting it, and compare it with what a correct prediction is worth to the business.
4. **Routing.** Can a cheap model handle the easy majority of traffic and send only hard cases to the expensive one?

## Decide
- Runaway shadow or retry loop → stop it now.
- Higher cost with no quality gain → roll back to the cheaper version.
- Higher cost with a measured quality gain → write the trade-off (+x quality for +y cost) in the report and let the model owner decide.`,
  },
  {
    topic: "rollback",
    title: "Rollback vs hotfix vs ignore",
    body: `## Roll back when
- An SLO is breached for the whole traffic and the previous version met it on the same kind of data, **and**
- the cause is not a data pipeline problem that would hurt the old version just as much.

## Hotfix when
- The model is fine but an input is wrong (training/serving skew, a broken feature, a unit change). Fix the input; rolling back the model would not help.

## Ignore (for now) when
- The change is inside normal week-to-week variation, rests on little labelled data, or affects a cohort too small to matter — and you have written down when you will look again.

## Always
- Record the decision and its reason in the report narrative and link the report in the incident.
- Tell the on-call contact and the owner team of **{model}**.`,
  },
];

export function fillTemplate(t: RunbookTemplate, vars: { metric: string; model: string }): { title: string; body: string; topic: RunbookTopic } {
  const fill = (s: string) => s.replaceAll("{metric}", vars.metric).replaceAll("{model}", vars.model);
  return { topic: t.topic, title: fill(t.title), body: fill(t.body) };
}

/** The quality metric a task is judged by (and whether higher is better). */
export function primaryMetricForTask(task: string): { metric: string; label: string; higherIsBetter: boolean } {
  switch (task) {
    case "binary":
      return { metric: "roc_auc", label: "AUC", higherIsBetter: true };
    case "multiclass":
      return { metric: "macro_f1", label: "macro F1", higherIsBetter: true };
    case "regression":
      return { metric: "rmse", label: "RMSE", higherIsBetter: false };
    case "ranking":
      return { metric: "ndcg_at_k", label: "NDCG@k", higherIsBetter: true };
    default:
      return { metric: "accuracy", label: "accuracy", higherIsBetter: true };
  }
}
