/** A cell's metric across the notebook's past runs, with the warn/fail lines to draw. */
import type { PrismaClient } from "../generated/prisma/client";
import { parseJsonArray, type Slo } from "../domain/model";
import { sameMetricNames } from "../format/metric-label";
import { findEvaluator } from "./evaluation";
import { extractPoints, metricNames, sides } from "./results";
import { parseCells, requireNotebook } from "./service";
import { isComputeCell, type ComparisonOutput, type EvaluationOutput } from "./types";

type Db = PrismaClient;

function parseJson<T>(s: string | null): T | null {
  return s ? (JSON.parse(s) as T) : null;
}

/** Known config names of the built-in evaluators' thresholds, per metric. */
const THRESHOLD_KEYS = new Map<string, [string, string]>([
  ["latency_p95_ms", ["p95WarnMs", "p95FailMs"]],
  ["error_rate", ["errorRateWarn", "errorRateFail"]],
  ["cost_per_correct", ["costPerCorrectWarn", "costPerCorrectFail"]],
  ["mismatch_rate", ["mismatchWarn", "mismatchFail"]],
]);

/** The warn/fail lines to draw for `metric`, read from the cell's config (defaults applied). */
export function thresholdsFor(cfg: Record<string, unknown>, metric: string, kind?: string): { warn: number | null; fail: number | null } | null {
  const own = (key: string) => (Object.hasOwn(cfg, key) ? cfg[key] : undefined);
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const [wk, fk] = THRESHOLD_KEYS.get(metric) ?? [`${metric}Warn`, `${metric}Fail`];
  const warn = num(own(wk)) ?? num(own("warn")) ?? num(own("warnBelow"));
  // drift evaluators call their fail line `threshold`; elsewhere `threshold` is a decision threshold
  const fail = num(own(fk)) ?? num(own("fail")) ?? num(own("failBelow")) ?? (kind === "drift" ? num(own("threshold")) : null);
  return warn !== null || fail !== null ? { warn, fail } : null;
}

const ESTIMATE_PARTS = /_(lower|upper|realized)$/;

/**
 * Estimated vs realized (perf.cbpe): a cohort's `<metric>_lower`, `<metric>_upper` (the estimate's
 * band) and `<metric>_realized` (once labels arrived), when the result has them.
 */
function estimateParts(out: EvaluationOutput, cohort: string, metric: string): { lower?: number | null; upper?: number | null; realized?: number | null } {
  const m = out.cohorts.find((c) => c.cohort === cohort)?.metrics ?? {};
  const part = (k: string) => (Object.hasOwn(m, `${metric}_${k}`) ? { [k]: m[`${metric}_${k}`] } : {});
  return { ...part("lower"), ...part("upper"), ...part("realized") };
}

/**
 * A metric's value across the notebook's past runs, per cohort (and column), with the cell's
 * thresholds (config.warn / config.fail when the evaluator has them) for the trend chart.
 */
export async function trend(db: Db, workspaceId: string, notebookId: string, input: { cellId: string; metric?: string; column?: string; limit?: number }) {
  const nb = await requireNotebook(db, workspaceId, notebookId);
  const cell = parseCells(nb.cells).find((c) => c.id === input.cellId);
  const rows = await db.runCell.findMany({
    where: { cellId: input.cellId, status: "succeeded", run: { notebookId } },
    orderBy: { run: { createdAt: "desc" } },
    take: input.limit ?? 50,
    select: { result: true, run: { select: { id: true, createdAt: true, scheduledFor: true } } },
  });
  rows.reverse();
  const available = new Set<string>();
  type Point = { runId: string; at: Date; value: number | null; status: string | null; lower?: number | null; upper?: number | null; realized?: number | null };
  const series = new Map<string, { cohort: string; column: string | null; side: string | null; points: Point[] }>();
  for (const row of rows) {
    const result = parseJson<EvaluationOutput | ComparisonOutput>(row.result);
    if (!result) continue;
    for (const part of sides(result)) {
      const names = metricNames(part.out);
      // an estimate's band and realized value are drawn with the estimate, not offered on their own
      for (const m of names) if (!(ESTIMATE_PARTS.test(m) && names.includes(m.replace(ESTIMATE_PARTS, "")))) available.add(m);
      if (!input.metric) continue;
      for (const p of extractPoints(part.out, input.metric, input.column, part.side)) {
        const key = `${p.side ?? ""}|${p.cohort}|${p.column ?? ""}`;
        let s = series.get(key);
        if (!s) series.set(key, (s = { cohort: p.cohort, column: p.column ?? null, side: p.side ?? null, points: [] }));
        const point: Point = { runId: row.run.id, at: row.run.scheduledFor ?? row.run.createdAt, value: p.value, status: p.status ?? null };
        if (!p.column) Object.assign(point, estimateParts(part.out, p.cohort, input.metric));
        s.points.push(point);
      }
    }
  }
  let thresholds: { warn: number | null; fail: number | null } | null = null;
  if (cell && isComputeCell(cell)) {
    const def = await findEvaluator(cell.pluginId, cell.pluginVersion);
    const cfg = { ...((def?.config.safeParse({}).data as Record<string, unknown> | undefined) ?? {}), ...cell.config };
    thresholds = thresholdsFor(cfg, input.metric ?? "", def?.kind);
  }
  // The model's objectives on this metric: the trend draws their targets.
  const model = input.metric ? await db.model.findUnique({ where: { id: nb.modelId }, select: { slos: true } }) : null;
  const slos = parseJsonArray<Slo>(model?.slos)
    .filter((s) => sameMetricNames(s.metric).includes(input.metric ?? ""))
    .map((s) => ({ name: s.name, op: s.op, target: s.target }));
  return {
    cellId: input.cellId,
    cellTitle: cell && cell.type !== "markdown" ? (cell.title ?? cell.id) : input.cellId,
    metric: input.metric ?? null,
    column: input.column ?? null,
    metrics: [...available].sort(),
    thresholds,
    slos,
    runs: rows.length,
    series: [...series.values()].sort((a, b) => (a.cohort === "all" ? -1 : b.cohort === "all" ? 1 : a.cohort.localeCompare(b.cohort))),
  };
}
