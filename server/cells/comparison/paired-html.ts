/**
 * A paired comparison in a report (app page, share page, HTML export, PDF): what was paired, then
 * per cohort one row per metric — A, B, Δ with its interval, the test, p, the margin and the verdict.
 */
import type { PairedComparisonOutput } from "../../evaluation/result-schema";
import type { HtmlKit } from "../define";

const VERDICT_CLASS: Record<string, string> = { better: "eb-pass", worse: "eb-fail", "no clear difference": "eb-na" };

function pValue(p: number | null): string {
  if (p === null) return "—";
  return p < 1e-4 ? "< 0.0001" : p.toFixed(4);
}

export function pairingLine(r: PairedComparisonOutput): string {
  const n = (v: number) => v.toLocaleString("en-US");
  if (r.pairing === "unpaired") return `Unpaired: ${r.labels.a} (${n(r.only_a)} requests) and ${r.labels.b} (${n(r.only_b)} requests) compared as independent samples.`;
  return `${n(r.paired)} requests answered by both ${r.labels.a} and ${r.labels.b}; ${n(r.only_a)} only by ${r.labels.a}, ${n(r.only_b)} only by ${r.labels.b}.`;
}

export function verdictText(m: PairedComparisonOutput["cohorts"][number]["metrics"][number]): string {
  if (!m.verdict) return m.note ?? "not computable";
  if (m.verdict !== "no clear difference" || m.more_needed === null) return m.verdict;
  return `${m.verdict} (≈${m.more_needed.toLocaleString("en-US")} more paired requests to detect ${m.margin > 0 ? `a ${m.margin} difference` : "this delta"})`;
}

export function pairedHtml(r: PairedComparisonOutput, kit: HtmlKit): string {
  const { esc, formatMetric, metricLabel } = kit;
  const head = `<p class="eb-meta">${esc(pairingLine(r))} Δ = ${esc(r.labels.b)} − ${esc(r.labels.a)}; intervals at ${esc(Math.round((1 - r.alpha) * 100))}%.</p>`;
  const notes = (r.notes ?? []).map((n) => `<p class="eb-meta">${esc(n)}</p>`).join("");
  const tables = r.cohorts
    .map((c) => {
      const caption = `${c.key ? `${c.key} = ` : ""}${c.cohort} · n ${c.n.toLocaleString("en-US")}`;
      if (!c.metrics.length) return `<p class="eb-meta">${esc(caption)}: ${esc((c.notes ?? []).join("; ") || "nothing compared")}</p>`;
      const rows = c.metrics
        .map((m) => {
          const interval = m.ci_low === null || m.ci_high === null ? "—" : `[${formatMetric(m.metric, m.ci_low)}, ${formatMetric(m.metric, m.ci_high)}]`;
          const ratio = m.ratio !== null && /cost|latency/.test(m.metric) ? ` (${m.ratio.toFixed(1)}×)` : "";
          return `<tr><td>${esc(metricLabel(m.metric))}</td><td class="eb-num">${esc(formatMetric(m.metric, m.a))}</td><td class="eb-num">${esc(formatMetric(m.metric, m.b))}${esc(ratio)}</td><td class="eb-num">${esc(formatMetric(m.metric, m.delta))}</td><td class="eb-num">${esc(interval)}</td><td>${esc(m.test)}</td><td class="eb-num">${esc(pValue(m.p_value))}</td><td class="eb-num">${esc(m.margin)}</td><td><span class="${VERDICT_CLASS[m.verdict ?? ""] ?? "eb-na"}">${esc(verdictText(m))}</span></td></tr>`;
        })
        .join("");
      return `<div class="eb-table" data-testid="paired-table"><table><caption class="eb-meta" style="text-align:left">${esc(caption)}</caption><thead><tr><th>Metric</th><th class="eb-num">${esc(r.labels.a)}</th><th class="eb-num">${esc(r.labels.b)}</th><th class="eb-num">Δ</th><th class="eb-num">Interval</th><th>Test</th><th class="eb-num">p</th><th class="eb-num">Margin</th><th>Verdict</th></tr></thead><tbody>${rows}</tbody></table></div>`;
    })
    .join("");
  const routing = r.routing_text;
  return head + notes + (routing ? `<p data-testid="routing-sentence">${esc(routing)}</p>` : "") + tables;
}
