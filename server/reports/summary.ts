/**
 * The leadership summary (pure): from a frozen snapshot and the model's SLOs to a few numbers and
 * plain sentences — SLO status, change since the previous report, the worst cohort for the
 * primary quality metric, drifted features and skew, cost per request and per correct prediction.
 */
import type { Slo } from "../domain/model";
import { RESULT_RANK, runLifecycle } from "../format/status";
import { primaryMetricForTask } from "../runbooks/templates";
import { sameMetricNames } from "../format/metric-label";
import { cohortLabel, formatMetric, metricLabel } from "./format";
import type { ReportSnapshot, ReportSummary, ResultStatus, SnapshotEvaluation, SummaryDrift, SummaryRun, SummarySlo, SummaryVersion } from "./types";

const names = sameMetricNames;
/** within this relative distance of its target, a met objective is "at risk" */
export const AT_RISK_MARGIN = 0.03;

interface Found {
  value: number;
  source: string;
  ev: SnapshotEvaluation;
  metric: string;
  /** set when the value is one side of a comparison: that side's label and the other side */
  side?: { label: string; other: SnapshotEvaluation; otherLabel: string };
}

interface Evaluated {
  title: string;
  pluginRef: string;
  ev: SnapshotEvaluation;
  side?: Found["side"];
}

function evaluations(s: ReportSnapshot): Evaluated[] {
  const out: Evaluated[] = [];
  for (const c of s.cells) {
    const title = c.title ?? c.cellId;
    if (c.evaluation) out.push({ title, pluginRef: c.pluginRef ?? c.evaluation.plugin, ev: c.evaluation });
  }
  // Comparisons count after plain evaluations: side A is the reference (usually production).
  for (const c of s.cells)
    if (c.comparison) {
      const label = c.comparison.a.label ?? "A";
      out.push({ title: `${c.title ?? c.cellId} (${label})`, pluginRef: c.pluginRef ?? c.comparison.a.plugin, ev: c.comparison.a, side: { label, other: c.comparison.b, otherLabel: c.comparison.b.label ?? "B" } });
    }
  return out;
}

function findOverall(s: ReportSnapshot, metric: string, pluginPrefix?: string): Found | null {
  for (const { title, pluginRef, ev, side } of evaluations(s)) {
    if (pluginPrefix && !pluginRef.startsWith(pluginPrefix)) continue;
    const all = ev.cohorts.find((c) => c.cohort === "all");
    if (!all) continue;
    for (const m of names(metric)) {
      const v = all.metrics?.[m];
      if (typeof v === "number") return { value: v, source: title, ev, metric: m, ...(side ? { side } : {}) };
    }
  }
  return null;
}

/** The version a comparison-side value belongs to, and how the other side fares against the same objective. */
function sideOf(found: Found, slo: Slo): Pick<SummarySlo, "version" | "challenger"> {
  if (!found.side) return {};
  const v = found.side.other.cohorts.find((c) => c.cohort === "all")?.metrics?.[found.metric];
  return { version: found.side.label, ...(typeof v === "number" ? { challenger: { version: found.side.otherLabel, value: v, meets: meets(v, slo.op, slo.target) } } : {}) };
}

function cohortValues(ev: SnapshotEvaluation, metric: string) {
  return ev.cohorts
    .filter((c) => c.cohort !== "all" && typeof c.metrics?.[metric] === "number")
    .map((c) => ({ cohort: c.cohort, value: c.metrics[metric] as number, n: c.n }));
}

const meets = (v: number, op: "<=" | ">=", target: number) => (op === ">=" ? v >= target : v <= target);
const worse = (a: ResultStatus, b: ResultStatus): ResultStatus => ((RESULT_RANK[a] ?? 0) >= (RESULT_RANK[b] ?? 0) ? a : b);
const computeCells = (s: ReportSnapshot) => s.cells.filter((c) => c.type === "evaluator" || c.type === "comparison");

/** Why a run has no value for a metric, in words: the evaluator's own reason, a failed cell, or no cell computing it. */
function noDataReason(s: ReportSnapshot, metric: string): string {
  for (const { title, ev } of evaluations(s)) {
    const all = ev.cohorts.find((c) => c.cohort === "all");
    if (!all) continue;
    for (const m of names(metric)) {
      if (m in (all.metrics ?? {}) && all.metrics[m] === null) {
        const why = all.reasons?.[m] ?? ev.notes?.[0] ?? all.notes?.[0];
        return `${title}: ${why ?? `no value for ${metricLabel(m)}`}`;
      }
    }
  }
  const failed = computeCells(s).filter((c) => c.status === "failed" || c.status === "cancelled");
  if (failed.length)
    return `${failed.length === 1 ? "a cell" : `${failed.length} cells`} of the run did not finish (${failed.map((c) => c.title ?? c.cellId).join(", ")})`;
  return `no cell of notebook “${s.run.notebookTitle}” computes ${metricLabel(metric)}`;
}

const SERVING_METRICS: Record<string, "latencyP95Ms" | "latencyP50Ms" | "errorRate"> = { latency_p95_ms: "latencyP95Ms", latency_p50_ms: "latencyP50Ms", error_rate: "errorRate" };

/**
 * A latency or error-rate objective from the report's serving traffic (the rollups of its window):
 * the one version served, or the production version when several were. Null when neither applies.
 */
function fromServingTraffic(s: ReportSnapshot, metric: string): { value: number; source: string; version: string | null } | null {
  const key = names(metric).map((m) => SERVING_METRICS[m]).find(Boolean);
  if (!key || s.traffic?.state !== "shown") return null;
  const versions = s.traffic.versions;
  const stageOf = new Map(s.model.versions.map((v) => [v.label, v.stage]));
  const row = versions.length === 1 ? versions[0]! : versions.find((v) => stageOf.get(v.version) === "production");
  const value = row?.[key];
  if (!row || typeof value !== "number") return null;
  const several = versions.length > 1;
  return { value, source: `serving traffic of ${row.version} (daily rollups)`, version: several ? `${row.version} (production)` : null };
}

const near = (v: number, target: number) => Math.abs(v - target) <= Math.abs(target) * AT_RISK_MARGIN;

/** Judges one SLO where it is defined: on all traffic, or (scope `each`) on every cohort. */
export function judgeSlo(s: ReportSnapshot, slo: Slo, opts: { servingTraffic?: boolean } = {}): SummarySlo {
  const scope = slo.cohorts ?? "all";
  const base = { name: slo.name, metric: slo.metric, op: slo.op, target: slo.target, scope, ...(slo.unit ? { unit: slo.unit } : {}) };
  const found = findOverall(s, slo.metric);
  if (!found) {
    // No cell computes it, but the report's serving traffic may: the same number the Traffic section shows.
    const served = scope === "all" && opts.servingTraffic !== false ? fromServingTraffic(s, slo.metric) : null;
    if (served) {
      const status = !meets(served.value, slo.op, slo.target) ? "breached" : near(served.value, slo.target) ? "at_risk" : "met";
      return { ...base, value: served.value, status, cohortBreaches: [], source: served.source, ...(served.version ? { version: served.version } : {}) };
    }
    return { ...base, value: null, status: "no_data", cohortBreaches: [], source: null, reason: noDataReason(s, slo.metric) };
  }
  const cohorts = cohortValues(found.ev, found.metric).sort((a, b) => (slo.op === ">=" ? a.value - b.value : b.value - a.value));
  const breaches = cohorts.filter((c) => !meets(c.value, slo.op, slo.target)).map(({ cohort, value }) => ({ cohort, value }));
  const common = { cohortBreaches: breaches, source: found.source, ...sideOf(found, slo) };
  if (scope === "each" && cohorts.length) {
    // The worst cohort is what the objective is judged on; the overall value is context.
    const worst = cohorts[0]!;
    const judged = !meets(found.value, slo.op, slo.target) && meets(worst.value, slo.op, slo.target) ? { cohort: "all", value: found.value } : worst;
    const status = breaches.length || !meets(found.value, slo.op, slo.target) ? "breached" : near(judged.value, slo.target) ? "at_risk" : "met";
    return { ...base, ...common, value: judged.value, overall: found.value, judgedCohort: judged.cohort, status };
  }
  let status: SummarySlo["status"];
  if (!meets(found.value, slo.op, slo.target)) status = "breached";
  else if (breaches.length || near(found.value, slo.target)) status = "at_risk";
  else status = "met";
  return { ...base, ...common, value: found.value, status, ...(scope === "each" ? { overall: found.value, judgedCohort: "all" } : {}) };
}

/** The run's lifecycle as the report states it at the top. */
function summaryRun(s: ReportSnapshot): SummaryRun {
  const cells = computeCells(s);
  const lifecycle = runLifecycle(s.run.status, cells);
  const failedCells = cells.filter((c) => c.status === "failed" || c.status === "cancelled").map((c) => ({ title: c.title ?? c.cellId, error: c.error ?? null }));
  let notice: string | null = null;
  const list = failedCells.map((c) => `“${c.title}”${c.error ? ` (${c.error})` : ""}`).join(", ");
  if (lifecycle === "failed") notice = `This run failed: ${failedCells.length ? `${list} did not finish, and ` : ""}no cell produced results. Nothing below is a judgement of the model.`;
  else if (lifecycle === "partial")
    notice = `This run is partial: ${failedCells.length} of ${cells.length} cells did not finish (${list}). Objectives those cells measure show “no data”, not a failure.`;
  else if (lifecycle === "cancelled") notice = "This run was cancelled before it finished: results may be missing.";
  return { lifecycle, failedCells, notice };
}

/** Headline metrics worth comparing between versions: SLO metrics, the primary metric, then cost. */
function versionsCompared(s: ReportSnapshot, sloMetrics: string[], primaryMetric: string): ReportSummary["versions"] {
  const rows = new Map<string, SummaryVersion>();
  const order = [...sloMetrics.flatMap(names), ...names(primaryMetric), "cost_per_correct", "cost_per_request", "latency_p95_ms"];
  const stageOf = new Map(s.model.versions.map((v) => [v.label, v.stage]));
  for (const c of s.cells) {
    if (!c.comparison) continue;
    const sel = (c.selection ?? {}) as { a?: { versions?: string[] }; b?: { versions?: string[] } };
    for (const [side, ev] of [["a", c.comparison.a], ["b", c.comparison.b]] as const) {
      const versions = sel[side]?.versions ?? [];
      if (versions.length !== 1) continue; // a window comparison is not a version comparison
      const label = versions[0]!;
      const row = rows.get(label) ?? { label, stage: stageOf.get(label) ?? null, metrics: {} };
      const all = ev.cohorts.find((x) => x.cohort === "all");
      for (const m of order) {
        const v = all?.metrics?.[m];
        if (typeof v === "number" && !(m in row.metrics)) row.metrics[m] = v;
      }
      rows.set(label, row);
    }
  }
  if (rows.size < 2) return null;
  const seen = new Set<string>();
  const metrics = order.filter((m) => [...rows.values()].some((r) => typeof r.metrics[m] === "number") && !names(m).some((x) => seen.has(x)) && seen.add(m));
  return { metrics: metrics.slice(0, 6), rows: [...rows.values()] };
}

/** A challenger that would not meet an objective the judged version meets (or the other way round) is said outright. */
function challengerLine(slo: SummarySlo): string | null {
  const c = slo.challenger;
  if (!c || slo.status === "no_data") return null;
  const judgedMeets = slo.status === "met" || slo.status === "at_risk";
  if (c.meets === judgedMeets) return null;
  const f = (v: number) => formatMetric(slo.metric, v, slo.unit);
  const t = `${slo.op === ">=" ? "≥" : "≤"} ${f(slo.target)}`;
  return c.meets
    ? `${c.version} would meet SLO "${slo.name}" at ${f(c.value)} (target ${t}); ${slo.version}, on which it is judged, does not.`
    : `${c.version} would breach SLO "${slo.name}" at ${f(c.value)} (target ${t}); ${slo.version}, on which it is judged, meets it.`;
}

function sloLine(slo: SummarySlo): string | null {
  const f = (v: number | null | undefined) => formatMetric(slo.metric, v, slo.unit);
  const t = `${slo.op === ">=" ? "≥" : "≤"} ${f(slo.target)}`;
  const each = slo.scope === "each";
  // a value from one side of a comparison says whose it is
  const name = `"${slo.name}"${slo.version ? ` on ${slo.version}` : ""}`;
  if (slo.status === "no_data") return `SLO "${slo.name}" has no data: ${slo.reason ?? "the run has no value for it"}.`;
  if (slo.status === "breached") {
    if (each && slo.cohortBreaches.length) {
      const list = slo.cohortBreaches.slice(0, 3).map((c) => `${cohortLabel(c.cohort)} at ${f(c.value)}`).join(", ");
      return `SLO ${name} is breached (it must hold for every cohort): ${list}${slo.cohortBreaches.length > 3 ? ` and ${slo.cohortBreaches.length - 3} more` : ""} (target ${t}; ${f(slo.overall)} overall).`;
    }
    return `SLO ${name} is breached: ${f(slo.overall ?? slo.value)} (target ${t}).`;
  }
  if (slo.status === "at_risk") {
    if (!each && slo.cohortBreaches.length) {
      const w = slo.cohortBreaches[0]!;
      return `SLO ${name} is at risk: ${f(slo.value)} overall, but ${cohortLabel(w.cohort)} is at ${f(w.value)}.`;
    }
    const where = each && slo.judgedCohort && slo.judgedCohort !== "all" ? ` (worst cohort: ${cohortLabel(slo.judgedCohort)})` : "";
    return `SLO ${name} is at risk: ${f(slo.value)}${where} is within ${AT_RISK_MARGIN * 100}% of its target (${t}).`;
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

  // SLOs, judged where they are defined; no value is "no data", never a failure
  const run = summaryRun(s);
  // a failed run judges nothing, not even from the serving traffic (its notice says so)
  const slos: SummarySlo[] = s.model.slos.map((slo) => judgeSlo(s, slo, { servingTraffic: run.lifecycle !== "failed" }));
  for (const slo of slos) {
    if (slo.value !== null) {
      // A per-cohort objective's value is its worst cohort's: a key of its own, never compared with an overall value.
      const key = slo.scope === "each" ? `slo-worst:${slo.metric}` : `slo:${slo.metric}`;
      keyNumbers[key] = slo.value;
      keyLabels[key] = slo.scope === "each" ? `${metricLabel(slo.metric)} (worst cohort)` : metricLabel(slo.metric);
    }
    status = worse(status, slo.status === "breached" ? "fail" : slo.status === "at_risk" ? "warn" : slo.status === "met" ? "pass" : "n/a");
    const line = sloLine(slo);
    if (line) findings.push(line);
    const other = challengerLine(slo);
    if (other) findings.push(other);
  }

  // Primary quality metric and its worst cohort
  const p = primaryMetricForTask(s.model.task);
  let primary: ReportSummary["primary"] = null;
  const q = findOverall(s, p.metric, "quality.") ?? findOverall(s, p.metric);
  if (q) {
    const cohorts = cohortValues(q.ev, q.metric).sort((a, b) => (p.higherIsBetter ? a.value - b.value : b.value - a.value));
    const worst = cohorts[0] ?? null;
    primary = { metric: q.metric, label: p.label, higherIsBetter: p.higherIsBetter, overall: q.value, worst };
    // A metric an SLO already tracks is listed once in "change since the previous report".
    if (!slos.some((x) => x.scope !== "each" && names(x.metric).includes(q.metric))) {
      keyNumbers[`primary:${q.metric}`] = q.value;
      keyLabels[`primary:${q.metric}`] = p.label;
    }
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
    const metricOfKey = (k: string) => k.replace(/^(slo|slo-worst|primary):/, "");
    const listed = new Set<string>();
    const deltas = Object.keys(keyNumbers)
      .filter((k) => k in previous.summary.keyNumbers)
      .filter((k) => {
        // each metric once, whatever older reports stored it under
        const m = `${k.startsWith("slo-worst:") ? "worst:" : ""}${names(metricOfKey(k)).sort()[0]!}`;
        if (listed.has(m)) return false;
        listed.add(m);
        return true;
      })
      .map((k) => ({ key: k, label: keyLabels[k] ?? k, before: previous.summary.keyNumbers[k] ?? null, after: keyNumbers[k] ?? null }));
    change = { previousReportId: previous.id, previousTitle: previous.title, previousCreatedAt: previous.createdAt, deltas };
    const moved = deltas.filter((d) => d.before !== null && d.after !== null && Math.abs(d.after - d.before) > Math.abs(d.before) * 0.01);
    const metricOf = (k: string) => k.replace(/^(slo|slo-worst|primary):/, "");
    if (moved.length)
      findings.push(
        `Since the previous report (${previous.createdAt.slice(0, 10)}): ${moved
          .slice(0, 4)
          .map((d) => `${d.label} ${formatMetric(metricOf(d.key), d.before)} → ${formatMetric(metricOf(d.key), d.after)}`)
          .join(", ")}.`,
      );
    else findings.push(`No notable change since the previous report (${previous.createdAt.slice(0, 10)}).`);
  }

  const versions = versionsCompared(s, s.model.slos.map((x) => x.metric), p.metric);
  if (versions) {
    const shown = versions.metrics.slice(0, 3);
    findings.push(
      `Versions compared: ${versions.rows
        .map((r) => `${r.label}${r.stage ? ` (${r.stage})` : ""}${shown.length ? ` — ${shown.map((m) => `${metricLabel(m)} ${formatMetric(m, r.metrics[m] ?? null)}`).join(", ")}` : ""}`)
        .join("; ")}.`,
    );
  }

  const count = (st: SummarySlo["status"]) => slos.filter((x) => x.status === st).length;
  const [met, breached, atRisk, noData] = [count("met"), count("breached"), count("at_risk"), count("no_data")];
  const n = slos.length;
  let sloText: string;
  if (!n) sloText = "no SLOs defined";
  else if (noData === n) sloText = `no data for ${n === 1 ? "its SLO" : `any of its ${n} SLOs`}`;
  else {
    const judged = breached ? `${breached} of ${n} SLOs breached` : atRisk ? `${atRisk} of ${n} SLOs at risk` : met === n ? "every SLO met" : `${met} of ${n} SLOs met`;
    sloText = noData ? `${judged}, ${noData} without data` : judged;
  }
  const runText = run.lifecycle === "failed" ? "the run failed; " : run.lifecycle === "partial" ? "partial run; " : "";
  const headline = `${s.model.name}: ${runText}${sloText}${drift.some((d) => d.kind === "skew") ? "; training/serving skew found" : drifted.length ? `; ${drifted.length} feature${drifted.length > 1 ? "s" : ""} drifted` : ""}.`;

  return { status, headline, run, slos, versions, primary, drift, cost, keyNumbers, change, findings };
}
