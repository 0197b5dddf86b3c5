"use client";

/**
 * A comparison cell's paired result (compare.* plugins): what was paired, then per cohort the delta
 * of every metric with its interval, test, p-value, margin and verdict. The forest charts come from
 * the chart specs (server/charts/specs/forest.ts) through ResultCharts.
 */
import type { PairedLike, PairedMetricLike } from "@/server/charts/specs";
import { cx } from "@/app/_components/ui/cx";
import { fmtMetric, fmtNum } from "../_components/format";

export interface PairedMetricView extends PairedMetricLike {
  test: string;
  p_value: number | null;
  margin: number;
  ratio: number | null;
  more_needed: number | null;
  note?: string;
}

export interface PairedView extends PairedLike {
  /** the routing what-if in one sentence (server/evaluation/routing-text.ts) */
  routing_text?: string;
  plugin: string;
  pairing: "paired" | "unpaired";
  paired: number;
  only_a: number;
  only_b: number;
  alpha: number;
  notes?: string[];
  cohorts: { cohort: string; key?: string; n: number; metrics: PairedMetricView[]; notes?: string[] }[];
}

const VERDICT_STYLE: Record<string, string> = {
  better: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  worse: "bg-red-50 text-red-800 ring-red-200",
  "no clear difference": "bg-zinc-50 text-zinc-700 ring-zinc-200",
};

function pText(p: number | null): string {
  return p === null ? "—" : p < 1e-4 ? "< 0.0001" : p.toFixed(4);
}

function Verdict({ m }: { m: PairedMetricView }) {
  if (!m.verdict) return <span className="text-xs text-zinc-500">{m.note ?? "not computable"}</span>;
  return (
    <span className="inline-flex flex-col gap-0.5">
      <span className={cx("w-fit rounded px-1.5 py-0.5 text-xs font-medium ring-1", VERDICT_STYLE[m.verdict])} data-testid="verdict">
        {m.verdict}
      </span>
      {m.verdict === "no clear difference" && m.more_needed !== null && (
        <span className="text-[11px] text-zinc-500">
          ≈{fmtNum(m.more_needed)} more paired requests to detect {m.margin > 0 ? `a ${m.margin} difference` : "this delta"}
        </span>
      )}
    </span>
  );
}

export function PairedComparisonResult({ result }: { result: PairedView }) {
  const { a, b } = result.labels;
  return (
    <div className="space-y-3" data-testid="paired-comparison">
      <p className="text-sm text-zinc-700">
        {result.pairing === "paired" ? (
          <>
            <strong>{fmtNum(result.paired)}</strong> requests answered by both <strong>{a}</strong> and <strong>{b}</strong>; {fmtNum(result.only_a)} only by {a}, {fmtNum(result.only_b)} only by {b}.
          </>
        ) : (
          <>
            <strong>Unpaired</strong>: {a} ({fmtNum(result.only_a)} requests) and {b} ({fmtNum(result.only_b)}) compared as independent samples.
          </>
        )}{" "}
        <span className="text-zinc-500">
          Δ = {b} − {a}; {Math.round((1 - result.alpha) * 100)}% intervals.
        </span>
      </p>
      {result.routing_text && (
        <p className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900 ring-1 ring-sky-100" data-testid="routing-sentence">
          {result.routing_text}
        </p>
      )}
      {(result.notes ?? []).map((n) => (
        <p key={n} className="text-xs text-amber-700">
          {n}
        </p>
      ))}
      {result.cohorts.map((c) => (
        <div key={`${c.key ?? ""}:${c.cohort}`} className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
          <table className="w-full border-collapse text-sm" data-testid="paired-table">
            <caption className="border-b border-zinc-100 px-3 py-1.5 text-left text-xs font-medium text-zinc-600">
              {c.key ? `${c.key} = ` : ""}
              {c.cohort} · n {fmtNum(c.n)}
            </caption>
            <thead>
              <tr className="border-b border-zinc-200 bg-zinc-50/80 text-left text-xs text-zinc-500">
                {["Metric", a, b, "Δ", "Interval", "Test", "p", "Margin", "Verdict"].map((h, i) => (
                  <th key={`${h}-${i}`} scope="col" className={cx("px-3 py-2 font-medium", i >= 1 && i <= 4 && "text-right", (i === 6 || i === 7) && "text-right")}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {c.metrics.length === 0 && (
                <tr>
                  <td colSpan={9} className="px-3 py-2 text-xs text-zinc-500">
                    {(c.notes ?? []).join("; ") || "nothing compared"}
                  </td>
                </tr>
              )}
              {c.metrics.map((m) => (
                <tr key={m.metric} className="border-b border-zinc-100 last:border-0">
                  <td className="px-3 py-1.5 font-medium text-zinc-800">{m.metric.replaceAll("_", " ")}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{fmtMetric(m.metric, m.a)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">
                    {fmtMetric(m.metric, m.b)}
                    {m.ratio !== null && /cost|latency/.test(m.metric) && <span className="ml-1 text-xs text-zinc-500">({m.ratio.toFixed(1)}×)</span>}
                  </td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{fmtMetric(m.metric, m.delta)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums text-zinc-600">{m.ci_low === null || m.ci_high === null ? "—" : `[${fmtMetric(m.metric, m.ci_low)}, ${fmtMetric(m.metric, m.ci_high)}]`}</td>
                  <td className="px-3 py-1.5 text-xs text-zinc-600">{m.test}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{pText(m.p_value)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums text-zinc-600">{fmtMetric(m.metric, m.margin)}</td>
                  <td className="px-3 py-1.5">
                    <Verdict m={m} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
