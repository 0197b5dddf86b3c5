import * as Plot from "@observablehq/plot";
import type { RoutingLike, SpecOptions } from "./types";
import { BASE, CURRENT_COLOR, FAIL_COLOR } from "./style";

/**
 * The tiered-routing frontier: cost per request (x) vs quality (y), one point per threshold t with
 * its quality interval, both versions alone marked, the chosen t ringed and the target as a rule.
 */
export function routingFrontierSpec(r: RoutingLike, opts: SpecOptions & { cheapLabel: string; expensiveLabel: string }): Plot.PlotOptions {
  const usd = (v: number) => `$${v < 0.01 ? v.toPrecision(2) : v.toFixed(3)}`;
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const versions = [
    { label: `${opts.cheapLabel} alone`, cost: r.cheap_only.cost_per_request, quality: r.cheap_only.quality },
    { label: `${opts.expensiveLabel} alone`, cost: r.expensive_only.cost_per_request, quality: r.expensive_only.quality },
  ];
  const best = r.best ? [r.best] : [];
  return {
    ...BASE,
    title: opts.title,
    width: opts.width ?? 560,
    height: opts.height ?? 320,
    marginLeft: 56,
    marginRight: 24,
    x: { label: "cost per request (USD)", grid: true, tickFormat: usd },
    y: { label: "quality (accuracy)", grid: true, tickFormat: pct },
    marks: [
      ...(r.target !== null ? [Plot.ruleY([r.target], { stroke: FAIL_COLOR, strokeDasharray: "4,3", strokeOpacity: 0.6 })] : []),
      Plot.ruleX(r.points, { x: "cost_per_request", y1: "quality_low", y2: "quality_high", stroke: CURRENT_COLOR, strokeOpacity: 0.35 }),
      Plot.line(r.points, { x: "cost_per_request", y: "quality", stroke: CURRENT_COLOR }),
      Plot.dot(r.points, {
        x: "cost_per_request",
        y: "quality",
        fill: CURRENT_COLOR,
        r: 3,
        title: (p: RoutingLike["points"][number]) => `t = ${p.t === null ? "always" : p.t.toFixed(3)}: ${pct(p.escalated_share)} escalated, quality ${pct(p.quality)} [${pct(p.quality_low)}, ${pct(p.quality_high)}], ${usd(p.cost_per_request)} per request`,
      }),
      Plot.dot(best, { x: "cost_per_request", y: "quality", r: 8, stroke: "#059669", strokeWidth: 2 }),
      Plot.dot(versions, { x: "cost", y: "quality", symbol: "diamond", fill: "#18181b", r: 5 }),
      Plot.text(versions, { x: "cost", y: "quality", text: "label", dy: -10, fontSize: 10 }),
    ],
  };
}
