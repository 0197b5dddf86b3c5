"use client";

/**
 * What an evaluator cell will do, shown while editing it: the evaluator and the data it reads, the
 * feature columns it will evaluate (resolved from the model's contract and the reference baseline's columns), and for threshold settings how
 * the last result would have come out with the values being typed ("with warn 0.2, 3 features
 * would warn").
 */
import { isComparison, isEvaluation, type CohortLike, type EvaluationLike } from "@/server/charts/specs";
import { describeCellColumns, resolveCellColumns } from "./cell-columns";
import { describeReference, describeWindow } from "@/server/format/selection";
import type { CellView, EvaluatorInfo, NotebookView, Selection } from "./types";

type ComputeCell = Extract<CellView, { type: "evaluator" | "comparison" }>;

const THRESHOLD = /(warn|fail|threshold|max|min|below|above|limit)/i;
const WORDS = /^(warn|fail|threshold|max|min|below|above|limit|at|on|if)$/i;

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !WORDS.test(w));
}

/** The metric a threshold setting is compared with: the one whose name shares the most words with the key, else the evaluator's own name (drift.psi → psi). */
function metricFor(key: string, metrics: string[], pluginId: string): string | undefined {
  const ws = words(key);
  let best: string | undefined;
  let bestScore = 0;
  for (const m of metrics) {
    const parts = m.toLowerCase().split(/[^a-z0-9]+/);
    const score = ws.filter((w) => parts.includes(w)).length;
    if (score > bestScore) [best, bestScore] = [m, score];
  }
  if (best) return best;
  const own = pluginId.split(".").pop()!;
  return metrics.includes(own) ? own : undefined;
}

function firstEvaluation(result: unknown): EvaluationLike | undefined {
  if (isComparison(result)) return result.a;
  return isEvaluation(result) ? result : undefined;
}

export function thresholdPreview(cell: ComputeCell, info: EvaluatorInfo | undefined, lastResult: unknown): string[] {
  const ev = firstEvaluation(lastResult);
  if (!ev || !info) return [];
  const all: CohortLike | undefined = ev.cohorts.find((c) => c.cohort === "all") ?? ev.cohorts[0];
  const rows = all?.columns?.length ? all.columns.map((c) => ({ name: c.column, metrics: c.metrics })) : ev.cohorts.map((c) => ({ name: c.cohort, metrics: c.metrics ?? {} }));
  const unit = all?.columns?.length ? "feature" : "cohort";
  const metrics = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
  const defaults = (info.defaultConfig ?? {}) as Record<string, unknown>;
  const config = { ...defaults, ...(cell.config as Record<string, unknown>) };
  const lines: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== "number" || !THRESHOLD.test(key)) continue;
    const metric = metricFor(key, metrics, cell.pluginId);
    if (!metric) continue;
    const below = /below|min/i.test(key);
    const values = rows.map((r) => r.metrics[metric]).filter((v): v is number => typeof v === "number");
    if (!values.length) continue;
    const crossing = values.filter((v) => (below ? v < value : v >= value)).length;
    const verb = /fail/i.test(key) ? "would fail" : /warn/i.test(key) ? "would warn (or worse)" : "reach it";
    lines.push(`With ${key} ${value}, ${crossing} of ${values.length} ${unit}${values.length === 1 ? "" : "s"} ${verb}: ${metric} ${below ? "<" : "≥"} ${value} in the last result.`);
  }
  return lines;
}

/** The threshold key a warn key pairs with: mismatchWarn → mismatchFail, warnBelow → failBelow, warn → fail or threshold. */
function failKeyFor(warnKey: string, keys: string[]): string | undefined {
  const candidates = [warnKey.replace("warn", "fail").replace("Warn", "Fail"), ...(warnKey === "warn" ? ["threshold"] : [])];
  return candidates.find((k) => k !== warnKey && keys.includes(k));
}

/** Warn lines that are stricter than their fail lines (a value would fail before it warns). */
export function invertedThresholds(config: Record<string, unknown>): string[] {
  const keys = Object.keys(config);
  const out: string[] = [];
  for (const warnKey of keys.filter((k) => /warn/i.test(k))) {
    const failKey = failKeyFor(warnKey, keys);
    const warn = config[warnKey];
    const fail = failKey ? config[failKey] : undefined;
    if (typeof warn !== "number" || typeof fail !== "number") continue;
    const lowIsBad = /below|min/i.test(warnKey);
    if (lowIsBad ? warn < fail : warn > fail)
      out.push(`${warnKey} (${warn}) is past ${failKey} (${fail}): a value would fail before it warns. The warn line should be ${lowIsBad ? "above" : "below"} the fail line.`);
  }
  return out;
}

/** The baseline the cell compares with, when its reference is a baseline the model has (newest when unnamed). */
function referenceBaseline(ref: Selection["reference"], baselines: NotebookView["model"]["baselines"]) {
  if (ref.kind !== "baseline") return undefined;
  return ref.baselineId ? baselines.find((b) => b.id === ref.baselineId) : ref.baselineName ? baselines.find((b) => b.name === ref.baselineName) : baselines[0];
}

export function CellPreview({ cell, info, model, defaults, lastResult }: { cell: ComputeCell; info: EvaluatorInfo | undefined; model: NotebookView["model"]; defaults: Selection; lastResult: unknown }) {
  const sel = { ...defaults, ...(cell.selection ?? {}) } as Selection;
  const baseline = referenceBaseline(sel.reference, model.baselines);
  const resolved = resolveCellColumns({ contract: model.features.map((f) => f.name), cellColumns: cell.columns ?? [], cohortKeys: sel.cohortKeys, baseline });
  const columnsApply = info?.appliesTo && (info.appliesTo as { columns?: string }).columns !== "none";
  const thresholds = thresholdPreview(cell, info, lastResult);
  const inverted = info ? invertedThresholds({ ...((info.defaultConfig ?? {}) as Record<string, unknown>), ...(cell.config as Record<string, unknown>) }) : [];
  const versions = sel.versions.length ? sel.versions.join(", ") : (model.versions.find((v) => v.stage === "production")?.label ?? "every version");
  return (
    <section className="space-y-1 rounded-md border border-sky-200 bg-sky-50/50 px-3 py-2 text-xs text-zinc-700" aria-label="What this cell will do" data-testid="cell-preview">
      <p>
        <span className="font-semibold text-zinc-900">Will run</span> {info ? `${info.title} (${info.id}@${info.version})` : cell.pluginId} on {describeWindow(sel.window)} of {versions} vs{" "}
        {describeReference(sel.reference)}
        {sel.cohortKeys.length ? `, by ${sel.cohortKeys.join(", ")}` : ""}.
      </p>
      {columnsApply && (
        <p>
          <span className="font-semibold text-zinc-900">Columns:</span>{" "}
          <span className={resolved.notInContract.length + resolved.notInBaseline.length + resolved.onlyInBaseline.length ? "text-amber-800" : ""} data-testid="cell-columns">
            {describeCellColumns(resolved, baseline?.name)}
          </span>
          {cell.columns?.length ? "" : ` (every feature of the contract${baseline ? ` in baseline '${baseline.name}'` : ""}, minus cohort keys)`}
        </p>
      )}
      {inverted.map((t) => (
        <p key={t} role="alert" className="font-medium text-amber-900" data-testid="inverted-threshold">
          ⚠ {t}
        </p>
      ))}
      {thresholds.map((t) => (
        <p key={t} data-testid="threshold-preview">
          {t}
        </p>
      ))}
      {!lastResult && <p className="text-zinc-500">Run the cell once to preview thresholds against its result.</p>}
    </section>
  );
}
