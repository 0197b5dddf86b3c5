/** A two-sided (unpaired) comparison's differences: B − A and B / A per cohort and metric. */
import { comparisonDeltas, type EvaluationLike } from "@/server/charts/specs";
import { fmtMetric, fmtNum } from "./format";

export function ComparisonDeltaTable({ a, b }: { a: EvaluationLike & { label: string }; b: EvaluationLike & { label: string } }) {
  const rows = comparisonDeltas(a, b);
  if (!rows.length) return <p className="text-sm text-zinc-600">No metric is reported by both sides for the same cohort, so there is no difference to show.</p>;
  return (
    <div tabIndex={0} className="overflow-x-auto rounded-lg border border-zinc-200 bg-white" aria-label="Differences between the two sides">
      <table className="w-full border-collapse text-sm" data-testid="comparison-deltas">
        <caption className="border-b border-zinc-100 px-3 py-1.5 text-left text-xs font-medium text-zinc-600">
          B ({b.label}) vs A ({a.label}) — independent samples, no test of significance
        </caption>
        <thead>
          <tr className="border-b border-zinc-200 bg-zinc-50/80 text-left text-xs text-zinc-600">
            {["Cohort", "Metric", "A", "B", "B − A", "B / A"].map((h, i) => (
              <th key={h} scope="col" className={i < 2 ? "px-3 py-2 font-medium" : "px-3 py-2 text-right font-medium"}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.cohort}:${r.metric}`} className="border-b border-zinc-100 last:border-b-0">
              <th scope="row" className="px-3 py-1.5 text-left font-mono text-xs font-normal whitespace-nowrap text-zinc-800">
                {r.cohort}
              </th>
              <td className="px-3 py-1.5 font-mono text-xs whitespace-nowrap">{r.metric}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{fmtMetric(r.metric, r.a)}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{fmtMetric(r.metric, r.b)}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{`${r.delta > 0 ? "+" : ""}${fmtNum(r.delta)}`}</td>
              <td className="px-3 py-1.5 text-right tabular-nums">{r.ratio === null ? "—" : `${fmtNum(r.ratio)}×`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
