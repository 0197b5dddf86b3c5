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

/** Results per cohort: one row per cohort with its status and metrics (units from the metric name). */
export function CohortTable({ result, caption }: { result: EvaluationLike; caption?: string }) {
  const cols = metricColumns(result.cohorts);
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
      <table className="w-full border-collapse text-sm" data-testid="cohort-table">
        {caption && <caption className="border-b border-zinc-100 px-3 py-1.5 text-left text-xs font-medium text-zinc-600">{caption}</caption>}
        <thead>
          <tr className="border-b border-zinc-200 bg-zinc-50/80 text-left text-xs text-zinc-500">
            <th scope="col" className="px-3 py-2 font-medium">
              Cohort
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-3 py-2 text-right font-medium">
              Rows
            </th>
            {cols.map((m) => (
              <th key={m} scope="col" className="px-3 py-2 text-right font-mono font-medium whitespace-nowrap">
                {m}
                <AddGuardrailLink metric={m} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.cohorts.map((c) => (
            <tr key={c.cohort} className={cx("border-b border-l-4 border-b-zinc-100 last:border-b-0", ROW_TINT[c.status] ?? ROW_TINT["n/a"])}>
              <th scope="row" className="px-3 py-1.5 text-left font-mono text-xs font-normal whitespace-nowrap text-zinc-800">
                {c.cohort}
              </th>
              <td className="px-3 py-1.5 whitespace-nowrap">
                <ResultBadge status={c.status} />
                {c.immature && <ImmatureBadge coverage={c.label_coverage} />}
              </td>
              <td className="px-3 py-1.5 text-right text-xs text-zinc-600 tabular-nums">{fmtNum(c.n ?? null)}</td>
              {cols.map((m) => {
                const reason = (c as { reasons?: Record<string, string> }).reasons?.[m];
                return (
                  <td key={m} className="px-3 py-1.5 text-right whitespace-nowrap tabular-nums" title={reason}>
                    {m in (c.metrics ?? {}) ? fmtMetric(m, c.metrics[m]) : <span className="text-zinc-300">·</span>}
                    {reason && c.metrics[m] === null && <span className="ml-0.5 text-zinc-400">*</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per-item results (features for drift, skew, data quality; classes; CBPE's metrics) for one cohort, worst first. */
export function ColumnTable({ cohort }: { cohort: CohortLike }) {
  const columns = cohort.columns ?? [];
  const order: Record<string, number> = { fail: 0, warn: 1, pass: 2, "n/a": 3 };
  const rows = [...columns].sort((a, b) => (order[a.status] ?? 4) - (order[b.status] ?? 4) || a.column.localeCompare(b.column));
  const metricNames: string[] = [];
  for (const c of columns) for (const k of Object.keys(c.metrics)) if (!metricNames.includes(k)) metricNames.push(k);
  const shown = metricNames.slice(0, 6);
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
      <table className="w-full border-collapse text-sm" data-testid="column-table">
        <thead>
          <tr className="border-b border-zinc-200 bg-zinc-50/80 text-left text-xs text-zinc-500">
            <th scope="col" className="px-3 py-2 font-medium">
              {columnsWords(cohort.columns_label).header}
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            {shown.map((m) => (
              <th key={m} scope="col" className="px-3 py-2 text-right font-mono font-medium whitespace-nowrap">
                {m}
                <AddGuardrailLink metric={m} column="*" />
              </th>
            ))}
            <th scope="col" className="px-3 py-2 font-medium">
              Notes
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const d = (c.details ?? {}) as Record<string, unknown>;
            const note = [d.finding, d.skipped, d.test && `test: ${String(d.test)}`].filter(Boolean).map(String).join(" · ");
            return (
              <tr key={c.column} className={cx("border-b border-l-4 border-b-zinc-100 last:border-b-0", ROW_TINT[c.status] ?? ROW_TINT["n/a"])}>
                <th scope="row" className="px-3 py-1.5 text-left font-mono text-xs font-normal whitespace-nowrap text-zinc-800">
                  {c.column}
                </th>
                <td className="px-3 py-1.5">
                  <ResultBadge status={c.status} />
                </td>
                {shown.map((m) => (
                  <td key={m} className="px-3 py-1.5 text-right whitespace-nowrap tabular-nums">
                    {Object.hasOwn(c.metrics, m) ? fmtMetric(m, c.metrics[m]) : <span className="text-zinc-300">·</span>}
                  </td>
                ))}
                {/* a floor on the note's width: otherwise the nowrap metric columns squeeze it to one word per line (a very tall row) */}
                <td className="max-w-96 min-w-64 px-3 py-1.5 text-xs text-zinc-500">{note}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
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
