"use client";

import { useMemo, useState } from "react";
import { chartsForResult, isChartCell, isComparison, isEvaluation, isPaired, type CohortLike, type EvaluationLike } from "@/server/charts/specs";
import { PairedComparisonResult, type PairedView } from "../_cells/comparison-result";
import { PlotChart } from "@/app/_components/plot-chart";
import { cx } from "@/app/_components/ui/cx";
import { Select } from "@/app/_components/ui/input";
import { Badge } from "@/app/_components/ui/badge";
import { ResultBadge } from "@/app/_components/ui/status-badge";
import { statusWord } from "@/server/format/status";
import { columnsWords } from "@/server/format/columns-label";
import { fmtMetric, fmtNum } from "./format";
import { AddGuardrailLink } from "./guardrail-link";
import { ComparisonDeltaTable } from "./comparison-delta";

const ROW_TINT: Record<string, string> = {
  pass: "border-l-emerald-500",
  warn: "border-l-amber-500 bg-amber-50/40",
  fail: "border-l-red-500 bg-red-50/40",
  "n/a": "border-l-zinc-300",
};

/** Metric names across cohorts, in first-seen order, the informative ones first. */
export function metricColumns(cohorts: CohortLike[], max = 8): string[] {
  const seen: string[] = [];
  for (const c of cohorts) for (const k of Object.keys(c.metrics ?? {})) if (!seen.includes(k)) seen.push(k);
  const boring = /^(positives|negatives|tp|fp|tn|fn|classes|columns_tested)$|^(n|invalid)_/;
  return [...seen.filter((k) => !boring.test(k)), ...seen.filter((k) => boring.test(k))].slice(0, max);
}

/** "immature · 23% labelled": the cohort's label-based metrics rest on too few labels yet. */
function ImmatureBadge({ coverage }: { coverage?: number }) {
  const w = statusWord("labels", "immature");
  return (
    <Badge tone={w.tone} className="ml-1" title={`${w.kindLabel}: ${w.meaning}`}>
      {w.text}
      {coverage !== undefined && <span className="ml-1 font-normal">· {fmtMetric("label_coverage", coverage)} labelled</span>}
    </Badge>
  );
}

/** A metric's cell: its value with the unit its name implies, "·" where the row has no such metric. */
function MetricCell({ metrics, name, reason }: { metrics: Record<string, number | null> | undefined; name: string; reason?: string }) {
  const has = metrics != null && Object.hasOwn(metrics, name);
  return (
    <td className="px-3 py-1.5 text-right whitespace-nowrap tabular-nums" title={reason}>
      {has ? fmtMetric(name, metrics[name]) : <span className="text-zinc-300">·</span>}
      {reason && has && metrics[name] === null && <span className="ml-0.5 text-zinc-400">*</span>}
    </td>
  );
}

/**
 * Rows with a status (cohorts, or the items of one cohort): the row's name as its header, a status
 * badge, the given metrics (each with a "+ guardrail" link in its header), tinted by status.
 */
function StatusRowsTable<R extends { status: string; metrics?: Record<string, number | null> }>({
  testId,
  caption,
  nameHeader,
  rows,
  nameOf,
  status,
  rowsColumn,
  metrics,
  guardrailColumn,
  reasonOf,
  notes,
}: {
  testId: string;
  caption?: string;
  nameHeader: string;
  rows: R[];
  nameOf: (row: R) => string;
  status: (row: R) => React.ReactNode;
  /** The row count column (cohorts), before the metrics. */
  rowsColumn?: (row: R) => number | null;
  metrics: string[];
  /** The guardrail link's column: undefined for a cell-level metric, "*" for "any item". */
  guardrailColumn?: string;
  reasonOf?: (row: R, metric: string) => string | undefined;
  /** A notes column after the metrics. */
  notes?: (row: R) => string;
}) {
  const th = "px-3 py-2 font-medium";
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
      <table className="w-full border-collapse text-sm" data-testid={testId}>
        {caption && <caption className="border-b border-zinc-100 px-3 py-1.5 text-left text-xs font-medium text-zinc-600">{caption}</caption>}
        <thead>
          <tr className="border-b border-zinc-200 bg-zinc-50/80 text-left text-xs text-zinc-500">
            <th scope="col" className={th}>
              {nameHeader}
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            {rowsColumn && (
              <th scope="col" className={cx(th, "text-right")}>
                Rows
              </th>
            )}
            {metrics.map((m) => (
              <th key={m} scope="col" className={cx(th, "text-right font-mono whitespace-nowrap")}>
                {m}
                <AddGuardrailLink metric={m} column={guardrailColumn} />
              </th>
            ))}
            {notes && (
              <th scope="col" className={th}>
                Notes
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={nameOf(r)} className={cx("border-b border-l-4 border-b-zinc-100 last:border-b-0", ROW_TINT[r.status] ?? ROW_TINT["n/a"])}>
              <th scope="row" className="px-3 py-1.5 text-left font-mono text-xs font-normal whitespace-nowrap text-zinc-800">
                {nameOf(r)}
              </th>
              <td className="px-3 py-1.5 whitespace-nowrap">{status(r)}</td>
              {rowsColumn && <td className="px-3 py-1.5 text-right text-xs text-zinc-600 tabular-nums">{fmtNum(rowsColumn(r))}</td>}
              {metrics.map((m) => (
                <MetricCell key={m} metrics={r.metrics} name={m} reason={reasonOf?.(r, m)} />
              ))}
              {/* a floor on the note's width: otherwise the nowrap metric columns squeeze it to one word per line (a very tall row) */}
              {notes && <td className="max-w-96 min-w-64 px-3 py-1.5 text-xs text-zinc-500">{notes(r)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Results per cohort: one row per cohort with its status and metrics (units from the metric name). */
export function CohortTable({ result, caption }: { result: EvaluationLike; caption?: string }) {
  return (
    <StatusRowsTable
      testId="cohort-table"
      caption={caption}
      nameHeader="Cohort"
      rows={result.cohorts}
      nameOf={(c) => c.cohort}
      status={(c) => (
        <>
          <ResultBadge status={c.status} />
          {c.immature && <ImmatureBadge coverage={c.label_coverage} />}
        </>
      )}
      rowsColumn={(c) => c.n ?? null}
      metrics={metricColumns(result.cohorts)}
      reasonOf={(c, m) => (c as { reasons?: Record<string, string> }).reasons?.[m]}
    />
  );
}

const STATUS_ORDER: Record<string, number> = { fail: 0, warn: 1, pass: 2, "n/a": 3 };

/** Per-item results (features for drift, skew, data quality; classes; CBPE's metrics) for one cohort, worst first. */
export function ColumnTable({ cohort }: { cohort: CohortLike }) {
  const columns = cohort.columns ?? [];
  const rows = [...columns].sort((a, b) => (STATUS_ORDER[a.status] ?? 4) - (STATUS_ORDER[b.status] ?? 4) || a.column.localeCompare(b.column));
  const metricNames: string[] = [];
  for (const c of columns) for (const k of Object.keys(c.metrics)) if (!metricNames.includes(k)) metricNames.push(k);
  return (
    <StatusRowsTable
      testId="column-table"
      nameHeader={columnsWords(cohort.columns_label).header}
      rows={rows}
      nameOf={(c) => c.column}
      status={(c) => <ResultBadge status={c.status} />}
      metrics={metricNames.slice(0, 6)}
      guardrailColumn="*"
      notes={(c) => {
        const d = (c.details ?? {}) as Record<string, unknown>;
        return [d.finding, d.skipped, d.test && `test: ${String(d.test)}`].filter(Boolean).map(String).join(" · ");
      }}
    />
  );
}

function EvaluationBlock({ result, label }: { result: EvaluationLike; label?: string }) {
  const withColumns = result.cohorts.filter((c) => c.columns?.length);
  const [cohort, setCohort] = useState(withColumns[0]?.cohort ?? "all");
  const picked = withColumns.find((c) => c.cohort === cohort) ?? withColumns[0];
  // the evaluator's own sentences (a finding in plain words, what was sampled) for the cohort shown, else `all`
  const shownCohort = picked ?? result.cohorts.find((c) => c.cohort === "all");
  const notes = [...new Set([...((result as { notes?: string[] }).notes ?? []), ...(shownCohort?.notes ?? [])])];
  // the sample a result over sampled traffic rests on, next to n ("from a 5% sample: 4,812 logged rows")
  const { sample, n } = result as { sample?: { note: string }; n?: { current: number } };
  return (
    <div className="min-w-0 space-y-3">
      {sample && (
        <p className="text-xs text-zinc-600" data-testid="sample-note">
          n = {fmtNum(n?.current ?? null)} · {sample.note}
        </p>
      )}
      <CohortTable result={result} caption={label} />
      {picked && (
        <div className="space-y-2">
          <div className="flex flex-wrap items-center gap-2">
            <h4 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">{columnsWords(picked.columns_label).heading}</h4>
            {withColumns.length > 1 && (
              <Select aria-label={`Cohort for the ${columnsWords(picked.columns_label).noun} table`} className="h-7 w-auto text-xs" value={picked.cohort} onChange={(e) => setCohort(e.target.value)} options={withColumns.map((c) => c.cohort)} />
            )}
          </div>
          <ColumnTable cohort={picked} />
        </div>
      )}
      {notes.length > 0 && (
        <ul className="list-disc space-y-0.5 pl-5 text-xs text-zinc-600" data-testid="result-notes">
          {notes.slice(0, 8).map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The charts chosen for a result, each in its own card. */
export function ResultCharts({ result, config, source }: { result: unknown; config?: Record<string, unknown>; source?: unknown }) {
  const charts = useMemo(() => chartsForResult(result, { config, source }), [result, config, source]);
  if (!charts.length) return null;
  return (
    <div className="grid gap-3 md:grid-cols-2" data-testid="result-charts">
      {charts.map((c) => (
        <figure key={c.key} className="min-w-0 rounded-lg border border-zinc-200 bg-white p-3">
          <figcaption className="mb-2 text-xs font-medium text-zinc-700">{c.title}</figcaption>
          <PlotChart options={c.options} label={c.title} testId={`chart-${c.key}`} />
        </figure>
      ))}
    </div>
  );
}

/** One run cell's result: tables per cohort (A and B side by side for comparisons) and its charts. */
export function CellResult({ result, config, source }: { result: unknown; config?: Record<string, unknown>; source?: unknown }) {
  if (isPaired(result)) {
    return (
      <div className="space-y-3">
        <PairedComparisonResult result={result as PairedView} />
        <ResultCharts result={result} config={config} />
      </div>
    );
  }
  if (isComparison(result)) {
    return (
      <div className="space-y-3">
        <div className="grid gap-3 xl:grid-cols-2">
          <EvaluationBlock result={result.a} label={`A · ${result.a.label}`} />
          <EvaluationBlock result={result.b} label={`B · ${result.b.label}`} />
        </div>
        <ComparisonDeltaTable a={result.a} b={result.b} />
        <ResultCharts result={result} config={config} />
      </div>
    );
  }
  if (isEvaluation(result)) {
    return (
      <div className="space-y-3">
        <EvaluationBlock result={result} />
        <ResultCharts result={result} config={config} />
      </div>
    );
  }
  if (isChartCell(result)) {
    const charts = chartsForResult(result, { config, source });
    if (!charts.length) return <p className="text-sm text-zinc-500">Nothing to draw: the source cell has no {result.metric ? `“${result.metric}”` : "chart data"}.</p>;
    return <ResultCharts result={result} config={config} source={source} />;
  }
  return <p className="text-sm text-zinc-500">No result.</p>;
}
