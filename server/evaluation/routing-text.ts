/** The tiered-routing what-if of a paired comparison in one sentence, stored with the result (run view, report, CLI). */
import type { PairedComparisonOutput } from "./result-schema";

/** The routing what-if in one sentence (or why the data cannot support it). */
export function routingSentence(r: Pick<PairedComparisonOutput, "routing" | "labels">): string | null {
  const ro = r.routing;
  if (!ro) return null;
  if ("reason" in ro) return `Tiered routing what-if not available: ${ro.reason}.`;
  const [cheap, exp] = ro.cheap === "a" ? [r.labels.a, r.labels.b] : [r.labels.b, r.labels.a];
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const usd = (v: number) => `$${v < 0.01 ? v.toPrecision(2) : v.toFixed(4)}`;
  if (!ro.best) return `Tiered routing (${cheap} first, ${exp} when ${cheap}'s confidence is low): no threshold reaches the target quality${ro.target === null ? ` (${exp} is not more accurate)` : ` ${pct(ro.target)}`}.`;
  const b = ro.best;
  const gain = ro.expensive_only.quality - ro.cheap_only.quality;
  const kept = gain > 0 ? ` — ${Math.round(((b.quality - ro.cheap_only.quality) / gain) * 100)}% of ${exp}'s gain` : "";
  const t = b.t === null ? "always" : `below confidence t = ${b.t.toFixed(3)} (${ro.measure})`;
  return `Tiered routing: ${cheap} answers first and escalates ${t} to ${exp}: ${pct(b.escalated_share)} of traffic escalated, quality ${pct(b.quality)} (95% CI ${pct(b.quality_low)}–${pct(b.quality_high)})${kept}, at ${usd(b.cost_per_request)} per request (${(b.cost_per_request / ro.cheap_only.cost_per_request).toFixed(1)}× ${cheap} alone; ${exp} alone ${(ro.expensive_only.cost_per_request / ro.cheap_only.cost_per_request).toFixed(1)}×).`;
}

