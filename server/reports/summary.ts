/**
 * The leadership summary (pure): from a frozen snapshot and the model's SLOs to a few numbers and
 * plain sentences — SLO status, change since the previous report, the worst cohort for the
 * primary quality metric, drifted features and skew, cost per request and per correct prediction.
 */
import { primaryMetricForTask } from "../runbooks/templates";
import { cohortLabel, formatMetric, metricLabel } from "./format";
import type { ReportSnapshot, ReportSummary, ResultStatus, SnapshotEvaluation, SummaryDrift, SummarySlo } from "./types";

/** Names the same quantity goes by in SLOs and in evaluator output. */
const ALIASES: Record<string, string[]> = {
  p95_latency_ms: ["latency_p95_ms"],
  latency_p95_ms: ["p95_latency_ms"],
  p99_latency_ms: ["latency_p99_ms"],
  p50_latency_ms: ["latency_p50_ms"],
  auc: ["roc_auc"],
  roc_auc: ["auc"],
  f1_macro: ["macro_f1"],
  macro_f1: ["f1_macro"],
  ndcg: ["ndcg_at_k"],
};
const names = (m: string) => [m, ...(ALIASES[m] ?? [])];
/** within this relative distance of its target, a met objective is "at risk" */
export const AT_RISK_MARGIN = 0.03;

interface Found {
  value: number;
  source: string;
  ev: SnapshotEvaluation;
  metric: string;
}

function evaluations(s: ReportSnapshot): { title: string; pluginRef: string; ev: SnapshotEvaluation }[] {
  const out: { title: string; pluginRef: string; ev: SnapshotEvaluation }[] = [];
  for (const c of s.cells) {
    const title = c.title ?? c.cellId;
    if (c.evaluation) out.push({ title, pluginRef: c.pluginRef ?? c.evaluation.plugin, ev: c.evaluation });
  }
  // Comparisons count after plain evaluations: side A is the reference (usually production).
  for (const c of s.cells) if (c.comparison) out.push({ title: `${c.title ?? c.cellId} (${c.comparison.a.label ?? "A"})`, pluginRef: c.pluginRef ?? c.comparison.a.plugin, ev: c.comparison.a });
  return out;
}

function findOverall(s: ReportSnapshot, metric: string, pluginPrefix?: string): Found | null {
  for (const { title, pluginRef, ev } of evaluations(s)) {
    if (pluginPrefix && !pluginRef.startsWith(pluginPrefix)) continue;
    const all = ev.cohorts.find((c) => c.cohort === "all");
    if (!all) continue;
    for (const m of names(metric)) {
      const v = all.metrics?.[m];
      if (typeof v === "number") return { value: v, source: title, ev, metric: m };
    }
  }
  return null;
}

function cohortValues(ev: SnapshotEvaluation, metric: string) {
  return ev.cohorts
    .filter((c) => c.cohort !== "all" && typeof c.metrics?.[metric] === "number")
    .map((c) => ({ cohort: c.cohort, value: c.metrics[metric] as number, n: c.n }));
}

const meets = (v: number, op: "<=" | ">=", target: number) => (op === ">=" ? v >= target : v <= target);
const worse = (a: ResultStatus, b: ResultStatus): ResultStatus => {
  const rank = { "n/a": 0, pass: 1, warn: 2, fail: 3 } as const;
  return rank[a] >= rank[b] ? a : b;
};

function sloLine(slo: SummarySlo): string | null {
  const v = formatMetric(slo.metric, slo.value, slo.unit);
  const t = `${slo.op === ">=" ? "≥" : "≤"} ${formatMetric(slo.metric, slo.target, slo.unit)}`;
  if (slo.status === "breached") return `SLO "${slo.name}" is breached: ${v} (target ${t}).`;
  if (slo.status === "at_risk") {
    if (slo.cohortBreaches.length) {
      const w = slo.cohortBreaches[0]!;
      return `SLO "${slo.name}" is at risk: ${v} overall, but ${cohortLabel(w.cohort)} is at ${formatMetric(slo.metric, w.value, slo.unit)}.`;
    }
    return `SLO "${slo.name}" is at risk: ${v} is within ${AT_RISK_MARGIN * 100}% of its target (${t}).`;
  }
  return null;
}

export function buildSummary(
  s: ReportSnapshot,
  previous: { id: string; title: string; createdAt: string; summary: Pick<ReportSummary, "keyNumbers"> } | null = null,
): ReportSummary {
  const findings: string[] = [];
  let status: ResultStatus = "n/a";
  const keyNumbers: Record<string, number | null> = {};
  const keyLabels: Record<string, string> = {};

  // SLOs
  const slos: SummarySlo[] = s.model.slos.map((slo) => {
    const found = findOverall(s, slo.metric);
    const base = { name: slo.name, metric: slo.metric, op: slo.op, target: slo.target, ...(slo.unit ? { unit: slo.unit } : {}) };
    if (!found) return { ...base, value: null, status: "no_data" as const, cohortBreaches: [], source: null };
    const breaches = cohortValues(found.ev, found.metric)
      .filter((c) => !meets(c.value, slo.op, slo.target))
      .sort((a, b) => (slo.op === ">=" ? a.value - b.value : b.value - a.value))
      .map(({ cohort, value }) => ({ cohort, value }));
    let st: SummarySlo["status"];
    if (!meets(found.value, slo.op, slo.target)) st = "breached";
    else if (breaches.length || Math.abs(found.value - slo.target) <= Math.abs(slo.target) * AT_RISK_MARGIN) st = "at_risk";
    else st = "met";
    keyNumbers[`slo:${slo.metric}`] = found.value;
    keyLabels[`slo:${slo.metric}`] = metricLabel(slo.metric);
    return { ...base, value: found.value, status: st, cohortBreaches: breaches, source: found.source };
  });
  for (const slo of slos) {
    status = worse(status, slo.status === "breached" ? "fail" : slo.status === "at_risk" ? "warn" : slo.status === "met" ? "pass" : "n/a");
    const line = sloLine(slo);
    if (line) findings.push(line);
  }

  // Primary quality metric and its worst cohort
  const p = primaryMetricForTask(s.model.task);
  let primary: ReportSummary["primary"] = null;
  const q = findOverall(s, p.metric, "quality.") ?? findOverall(s, p.metric);
  if (q) {
    const cohorts = cohortValues(q.ev, q.metric).sort((a, b) => (p.higherIsBetter ? a.value - b.value : b.value - a.value));
    const worst = cohorts[0] ?? null;
    primary = { metric: q.metric, label: p.label, higherIsBetter: p.higherIsBetter, overall: q.value, worst };
    keyNumbers[`primary:${q.metric}`] = q.value;
    keyLabels[`primary:${q.metric}`] = p.label;
    if (worst) {
      const gap = p.higherIsBetter ? q.value - worst.value : worst.value - q.value;
      if (gap > Math.max(0.02, Math.abs(q.value) * 0.03)) {
        findings.push(`Quality for ${cohortLabel(worst.cohort)} is ${formatMetric(q.metric, worst.value)} ${p.label} vs ${formatMetric(q.metric, q.value)} overall (${worst.n.toLocaleString("en-US")} predictions).`);
        status = worse(status, "warn");
      }
    }
  }

  // Drift and skew
  const drift: SummaryDrift[] = [];
  for (const { title, pluginRef, ev } of evaluations(s)) {
    const kind = pluginRef.startsWith("skew.") ? "skew" : pluginRef.startsWith("drift.") ? "drift" : null;
    if (!kind) continue;
    const all = ev.cohorts.find((c) => c.cohort === "all");
    for (const col of all?.columns ?? []) {
      const details = (col.details ?? {}) as Record<string, unknown>;
      // Skew without an entity-key join still compares serving with training distributions.
      const flagged =
        kind === "drift"
          ? details.drift === true || col.status === "fail"
          : col.status === "fail" || col.status === "warn" || details.definition_bug === true || details.distribution_drift === true;
      if (!flagged) continue;
      const metric = ["psi", "mismatch_share", "normed", "statistic", "distance", "score", "p_value"].find((m) => typeof col.metrics[m] === "number") ?? Object.keys(col.metrics)[0] ?? null;
      if (drift.some((d) => d.kind === kind && d.column === col.column)) continue;
      drift.push({
        kind,
        column: col.column,
        cell: title,
        metric,
        value: metric ? (col.metrics[metric] ?? null) : null,
        status: col.status,
        ...(typeof details.finding === "string" ? { finding: details.finding } : {}),
      });
    }
  }
  for (const d of drift.filter((x) => x.kind === "skew")) {
    const what = d.finding ?? `serving values differ from training (${metricLabel(d.metric ?? "")} ${formatMetric(d.metric ?? "", d.value)})`;
    findings.push(`Training/serving skew on ${d.column}: ${what}.`);
    status = worse(status, d.finding ? "fail" : "warn");
  }
  const drifted = drift.filter((x) => x.kind === "drift");
  if (drifted.length) {
    findings.push(
      `Drifted feature${drifted.length > 1 ? "s" : ""}: ${drifted.map((d) => `${d.column}${d.metric ? ` (${metricLabel(d.metric)} ${formatMetric(d.metric, d.value)})` : ""}`).join(", ")}.`,
    );
    status = worse(status, "warn");
  }
  keyNumbers.drifted_features = new Set(drift.map((d) => d.column)).size;
  keyLabels.drifted_features = "features drifted or skewed";

  // Cost
  let cost: ReportSummary["cost"] = null;
  const costAll = evaluations(s).find((e) => e.pluginRef.startsWith("cost."))?.ev.cohorts.find((c) => c.cohort === "all");
  if (costAll) {
    const m = costAll.metrics;
    const num = (k: string) => (typeof m[k] === "number" ? (m[k] as number) : null);
    cost = {
      requests: num("requests"),
      totalCost: num("total_cost"),
      costPerRequest: num("cost_per_request"),
      costPerCorrect: num("cost_per_correct"),
      labelCoverage: num("label_coverage"),
      latencyP95Ms: num("latency_p95_ms"),
    };
    for (const k of ["cost_per_request", "cost_per_correct", "label_coverage"]) {
      keyNumbers[k] = num(k);
      keyLabels[k] = metricLabel(k);
    }
    const parts: string[] = [];
    if (cost.costPerRequest !== null) parts.push(`Cost per request is ${formatMetric("cost_per_request", cost.costPerRequest)}`);
    if (cost.costPerCorrect !== null)
      parts.push(`cost per correct prediction is ${formatMetric("cost_per_correct", cost.costPerCorrect)}${cost.labelCoverage !== null ? ` (label coverage ${formatMetric("label_coverage", cost.labelCoverage)})` : ""}`);
    else if (cost.labelCoverage !== null) parts.push(`cost per correct prediction is unknown (label coverage ${formatMetric("label_coverage", cost.labelCoverage)})`);
    if (parts.length) findings.push(`${parts.join("; ")}.`);
  }

  // Change since the previous report of the same notebook
  let change: ReportSummary["change"] = null;
  if (previous) {
    const deltas = Object.keys(keyNumbers)
      .filter((k) => k in previous.summary.keyNumbers)
      .map((k) => ({ key: k, label: keyLabels[k] ?? k, before: previous.summary.keyNumbers[k] ?? null, after: keyNumbers[k] ?? null }));
    change = { previousReportId: previous.id, previousTitle: previous.title, previousCreatedAt: previous.createdAt, deltas };
    const moved = deltas.filter((d) => d.before !== null && d.after !== null && Math.abs(d.after - d.before) > Math.abs(d.before) * 0.01);
    const metricOf = (k: string) => k.replace(/^(slo|primary):/, "");
    if (moved.length)
      findings.push(
        `Since the previous report (${previous.createdAt.slice(0, 10)}): ${moved
          .slice(0, 4)
          .map((d) => `${d.label} ${formatMetric(metricOf(d.key), d.before)} → ${formatMetric(metricOf(d.key), d.after)}`)
          .join(", ")}.`,
      );
    else findings.push(`No notable change since the previous report (${previous.createdAt.slice(0, 10)}).`);
  }

  const met = slos.filter((x) => x.status === "met").length;
  const breached = slos.filter((x) => x.status === "breached").length;
  const atRisk = slos.filter((x) => x.status === "at_risk").length;
  const headline = slos.length
    ? `${s.model.name}: ${breached ? `${breached} of ${slos.length} SLOs breached` : atRisk ? `${atRisk} of ${slos.length} SLOs at risk` : met === slos.length ? "every SLO met" : `${met} of ${slos.length} SLOs met`}${drift.some((d) => d.kind === "skew") ? "; training/serving skew found" : drifted.length ? `; ${drifted.length} feature${drifted.length > 1 ? "s" : ""} drifted` : ""}.`
    : `${s.model.name}: no SLOs defined.`;

  return { status, headline, slos, primary, drift, cost, keyNumbers, change, findings };
}
