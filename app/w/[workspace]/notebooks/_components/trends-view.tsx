"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo } from "react";
import { seriesLabel, trendSpec } from "@/server/charts/specs";
import { useTRPC } from "@/app/_trpc/client";
import { messageOf } from "@/app/_trpc/errors";
import { PlotChart } from "@/app/_components/plot-chart";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { Field, Select } from "@/app/_components/ui/input";
import { RelativeTime } from "@/app/_components/ui/relative-time";
import { ResultBadge } from "@/app/_components/ui/status-badge";
import { fmtMetric } from "./format";

/** "Is it still working": a metric across the notebook's past runs, per cohort, with its thresholds. */
export function TrendsView({ workspaceSlug, notebookId, cells }: { workspaceSlug: string; notebookId: string; cells: { id: string; label: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const cellId = params.get("cell") ?? cells[0]?.id ?? "";
  const metricParam = params.get("metric") ?? "";
  const column = params.get("column") ?? "";
  const hidden = new Set((params.get("hide") ?? "").split("|").filter(Boolean));

  const setParam = (next: Record<string, string | null>) => {
    const p = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    router.replace(`${pathname}?${p.toString()}`, { scroll: false });
  };

  const available = useQuery({ ...trpc.notebook.trend.queryOptions({ workspaceSlug, notebookId, cellId }), enabled: !!cellId });
  const metrics = available.data?.metrics ?? [];
  const metric = metricParam && metrics.includes(metricParam) ? metricParam : (preferred(metrics) ?? "");
  const trend = useQuery({
    ...trpc.notebook.trend.queryOptions({ workspaceSlug, notebookId, cellId, metric, column: column || undefined, limit: 100 }),
    enabled: !!cellId && !!metric,
  });
  const columns = useMemo(() => [...new Set((trend.data?.series ?? []).map((s) => s.column).filter((c): c is string => !!c))], [trend.data]);
  const visible = useMemo(() => (trend.data ? { ...trend.data, series: trend.data.series.filter((s) => !hidden.has(seriesLabel(s))) } : null), [trend.data, hidden]);
  const options = useMemo(() => (visible ? trendSpec(visible, { width: 900 }) : null), [visible]);
  // perf.cbpe: the metric is an estimate with a band; realized values join it when labels arrive
  const estimate = useMemo(() => (trend.data?.series ?? []).some((s) => s.points.some((p) => p.lower !== undefined || p.realized !== undefined)), [trend.data]);

  if (!cells.length) return <EmptyState title="Nothing to trend yet">Add an evaluator cell to this notebook and run it a few times.</EmptyState>;

  return (
    <div className="space-y-4">
      <div className="grid gap-3 rounded-lg border border-zinc-200 bg-white p-4 sm:grid-cols-3">
        <Field id="trend-cell" label="Cell">
          <Select id="trend-cell" value={cellId} onChange={(e) => setParam({ cell: e.target.value, metric: null, column: null, hide: null })} options={cells.map((c) => ({ value: c.id, label: c.label }))} />
        </Field>
        <Field id="trend-metric" label="Metric">
          <Select id="trend-metric" value={metric} disabled={!metrics.length} onChange={(e) => setParam({ metric: e.target.value, column: null, hide: null })} options={metrics}>
            {!metrics.length && <option value="">No metrics yet</option>}
          </Select>
        </Field>
        <Field id="trend-column" label="Feature" hint={columns.length || column ? undefined : "This metric is not per feature."}>
          <Select id="trend-column" value={column} disabled={!columns.length && !column} onChange={(e) => setParam({ column: e.target.value || null, hide: null })} options={[...new Set([...columns, ...(column ? [column] : [])])]}>
            <option value="">All features</option>
          </Select>
        </Field>
      </div>

      {(available.error || trend.error) && <p className="text-sm text-red-700">{messageOf(available.error ?? trend.error)}</p>}
      {available.data && available.data.runs === 0 && (
        <EmptyState title="No finished runs of this cell yet">Run the notebook (or schedule it) — every run adds a point per cohort here.</EmptyState>
      )}
      {trend.data && trend.data.series.length > 0 && options && (
        <section className="rounded-lg border border-zinc-200 bg-white p-4" aria-label="Trend chart">
          <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
            <h2 className="text-sm font-semibold text-zinc-900">
              <span className="font-mono">{metric}</span> across {trend.data.runs} run{trend.data.runs === 1 ? "" : "s"} · {trend.data.cellTitle}
              {estimate && <span className="ml-2 text-xs font-normal text-zinc-500">estimated (line and band) vs realized (dashed, once labels arrived)</span>}
            </h2>
            <p className="text-xs text-zinc-500">
              {trend.data.thresholds && (
                <>
                  <span className="text-amber-800">warn {fmtMetric(metric, trend.data.thresholds.warn)}</span> · <span className="text-red-700">fail {fmtMetric(metric, trend.data.thresholds.fail)}</span>
                </>
              )}
              {trend.data.slos.map((slo) => (
                <span key={slo.name} className="ml-2 text-blue-700" data-testid="trend-slo">
                  SLO “{slo.name}”: {slo.op === ">=" ? "≥" : "≤"} {fmtMetric(metric, slo.target)}
                </span>
              ))}
              {!trend.data.thresholds && !trend.data.slos.length && "No thresholds or SLO for this metric."}
            </p>
          </div>
          <PlotChart options={options} label={`${metric} trend`} testId="trend-chart" />
        </section>
      )}
      {trend.data && trend.data.series.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
          <table className="w-full text-sm" data-testid="trend-table">
            <thead>
              <tr className="border-b border-zinc-200 bg-zinc-50/80 text-left text-xs text-zinc-500">
                <th className="px-3 py-2 font-medium">Shown</th>
                <th className="px-3 py-2 font-medium">Series</th>
                <th className="px-3 py-2 text-right font-medium">{estimate ? "Latest estimate" : "Latest"}</th>
                {estimate && <th className="px-3 py-2 text-right font-medium">Band</th>}
                {estimate && <th className="px-3 py-2 text-right font-medium">Latest realized</th>}
                <th className="px-3 py-2 font-medium">Status</th>
                <th className="px-3 py-2 text-right font-medium">Previous</th>
                <th className="px-3 py-2 font-medium">Last run</th>
              </tr>
            </thead>
            <tbody>
              {trend.data.series.map((s) => {
                const label = seriesLabel(s);
                const pts = s.points.filter((p) => p.value !== null);
                const last = pts[pts.length - 1];
                const prev = pts[pts.length - 2];
                return (
                  <tr key={label} className="border-b border-zinc-100 last:border-0">
                    <td className="px-3 py-1.5">
                      <input
                        type="checkbox"
                        aria-label={`Show ${label}`}
                        className="size-4 accent-zinc-900"
                        checked={!hidden.has(label)}
                        onChange={(e) => {
                          const next = new Set(hidden);
                          if (e.target.checked) next.delete(label);
                          else next.add(label);
                          setParam({ hide: [...next].join("|") || null });
                        }}
                      />
                    </td>
                    <td className="px-3 py-1.5 font-mono text-xs">{label}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">{fmtMetric(metric, last?.value ?? null)}</td>
                    {estimate && (
                      <td className="px-3 py-1.5 text-right text-xs text-zinc-600 tabular-nums">
                        {last?.lower !== undefined ? `${fmtMetric(metric, last.lower)} – ${fmtMetric(metric, last.upper ?? null)}` : "—"}
                      </td>
                    )}
                    {estimate && <td className="px-3 py-1.5 text-right tabular-nums">{fmtMetric(metric, pts.findLast((p) => p.realized !== undefined && p.realized !== null)?.realized ?? null)}</td>}
                    <td className="px-3 py-1.5">{last && <ResultBadge status={last.status} />}</td>
                    <td className="px-3 py-1.5 text-right text-zinc-500 tabular-nums">{fmtMetric(metric, prev?.value ?? null)}</td>
                    <td className="px-3 py-1.5 text-xs text-zinc-500">{last && <RelativeTime value={last.at} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function preferred(metrics: string[]): string | null {
  for (const m of ["roc_auc", "psi", "macro_f1", "rmse", "ndcg_at_k", "latency_p95_ms", "cost_per_correct", "mismatch_share", "drift_share"]) if (metrics.includes(m)) return m;
  return metrics[0] ?? null;
}
