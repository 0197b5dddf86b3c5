/**
 * One renderer for a frozen report: the share page, the standalone HTML export and the PDF all
 * show the same markup (inline CSS, charts as inline SVG, no script, no external resource).
 * Everything user-written is escaped; markdown goes through the allow-list of server/markdown/, and
 * markdown cells frozen into older snapshots are sanitized again when shown. Each cell is drawn by
 * its cell type (server/cells/<type>/) with the helpers below.
 */
import { renderMarkdown } from "../markdown/render";
import { cellType, type HtmlKit } from "../cells";
import { costUnit, isMoneyMetric, unitCostScale } from "../format/money";
import { statusWord, TONE_COLOURS, type StatusKind, type Tone } from "../format/status";
import { cohortLabel, formatMetric, metricLabel } from "./format";
import { countText, estimateText, sampleRowsNote, type SampleBasis } from "../format/estimate";
import { columnsWords } from "../format/columns-label";
import { cellCharts, servingCharts, type RenderedChart } from "./svg";
import type { FrozenRunbook, ReportSnapshot, ReportSummary, SnapshotCell, SnapshotEvaluation, SnapshotTraffic } from "./types";

export interface RenderableReport {
  id: string;
  title: string;
  narrative: string;
  status: string;
  createdAt: Date | string;
  createdByLabel: string;
  snapshot: ReportSnapshot;
  summary: ReportSummary;
  cellOrder: string[];
  runbooks: FrozenRunbook[];
}

export function esc(s: unknown): string {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A status badge from the one vocabulary (server/format/status.ts); `labelled` prefixes its kind ("Run: failed"). */
export function badge(kind: StatusKind, status: string | null | undefined, opts: { labelled?: boolean } = {}): string {
  const w = statusWord(kind, status);
  const title = `${w.kindLabel} status${w.meaning ? `: ${w.meaning}` : ""}`;
  return `<span class="eb-badge eb-${w.tone}" title="${esc(title)}">${opts.labelled ? `<span class="eb-badge-kind">${esc(w.kindLabel)}:</span> ` : ""}${esc(w.text)}</span>`;
}
const toneCss = (Object.entries(TONE_COLOURS) as [Tone, (typeof TONE_COLOURS)[Tone]][]).map(([t, c]) => `.eb-${t}{background:${c.bg};color:${c.fg};border-color:${c.border}}`).join("");
const day = (d: string | Date) => (typeof d === "string" ? d : d.toISOString()).slice(0, 10);
const when = (d: string | Date) => (typeof d === "string" ? d : d.toISOString()).replace("T", " ").slice(0, 16) + " UTC";

export const REPORT_CSS = `
.eb-report{--ink:#18181b;--muted:#52525b;--line:#e4e4e7;font:14px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);max-width:960px;margin:0 auto;padding:24px 16px}
.eb-report h1{font-size:22px;margin:0 0 4px}.eb-report h2{font-size:16px;margin:0 0 8px;break-after:avoid}.eb-report h3{font-size:14px;margin:12px 0 6px;break-after:avoid}
.eb-meta{color:var(--muted);font-size:12px}.eb-card{border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin:14px 0;background:#fff}
.eb-summary{border-color:#a1a1aa;background:#fafafa}.eb-headline{font-size:16px;font-weight:600;margin:0 0 10px}
.eb-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:8px;margin:8px 0 12px}
.eb-kpi{border:1px solid var(--line);border-radius:6px;padding:8px 10px;background:#fff;break-inside:avoid}.eb-kpi .eb-k{font-size:11px;color:var(--muted)}.eb-kpi .eb-v{font-size:18px;font-weight:600;font-variant-numeric:tabular-nums}
.eb-badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:11px;font-weight:600;white-space:nowrap;border:1px solid}
${toneCss}.eb-badge-kind{font-weight:400}
.eb-notice{border:1px solid ${TONE_COLOURS.fail.border};background:${TONE_COLOURS.fail.bg};color:${TONE_COLOURS.fail.fg};border-radius:6px;padding:8px 10px;margin:0 0 10px;font-weight:600}.eb-notice.eb-partial{border-color:${TONE_COLOURS.warn.border};background:${TONE_COLOURS.warn.bg};color:${TONE_COLOURS.warn.fg}}
.eb-findings{margin:6px 0 0;padding-left:18px}.eb-findings li{margin:2px 0}
.eb-table{overflow-x:auto}.eb-table:focus-visible{outline:2px solid #0369a1}.eb-report td.eb-note,.eb-report th.eb-note{min-width:14em}.eb-report table{border-collapse:collapse;width:100%;font-size:12px;margin:6px 0}.eb-report th,.eb-report td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
.eb-report th{color:var(--muted);font-weight:600;background:#fafafa}.eb-report td.eb-num,.eb-report th.eb-num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.eb-figure{margin:10px 0;break-inside:avoid;page-break-inside:avoid}.eb-figure figcaption{font-size:12px;font-weight:600;margin-bottom:4px}.eb-figure svg{max-width:100%;height:auto}
.eb-md :where(p,ul,ol){margin:6px 0}.eb-md pre{white-space:pre-wrap}.eb-cell-head{display:flex;gap:8px;align-items:baseline;flex-wrap:wrap}
.eb-foot{font-size:11px;color:var(--muted)}.eb-foot dt{font-weight:600;float:left;clear:left;width:150px}.eb-foot dd{margin:0 0 2px 155px;word-break:break-word}
.eb-runbook{break-inside:auto}.eb-report ul{list-style:disc;padding-left:20px}.eb-report ol{list-style:decimal;padding-left:20px}.eb-md h1{font-size:18px;font-weight:600}.eb-md h2{font-size:15px;font-weight:600}.eb-md a{color:#0369a1;text-decoration:underline}.eb-report h1,.eb-report h2,.eb-report h3{font-weight:600}.eb-error{color:#991b1b}
.eb-figscroll{overflow-x:auto}.eb-figscroll:focus-visible{outline:2px solid #0369a1}
@media (max-width:600px){.eb-figscroll svg{min-width:520px;max-width:none}.eb-report{padding:12px 8px}.eb-foot dt{float:none;width:auto}.eb-foot dd{margin-left:0}}
@media print{.eb-table{overflow:visible}.eb-report table{table-layout:auto;font-size:10px}.eb-report th,.eb-report td{padding:3px 4px}.eb-report th{overflow-wrap:break-word;white-space:normal}.eb-report td{overflow-wrap:anywhere}.eb-report td.eb-num{overflow-wrap:normal}.eb-report th.eb-num{white-space:normal}.eb-report td.eb-note,.eb-report th.eb-note{min-width:0;width:30%}.eb-report{max-width:none;padding:0}.eb-card,.eb-cell,.eb-summary{break-inside:auto}.eb-kpi,.eb-findings li,.eb-report tr{break-inside:avoid}}
`;

function kpi(label: string, value: string, extra = ""): string {
  return `<div class="eb-kpi"><div class="eb-k">${esc(label)}</div><div class="eb-v">${esc(value)}</div>${extra}</div>`;
}

const sloTarget = (slo: ReportSummary["slos"][number]) => `${slo.op === ">=" ? "≥" : "≤"} ${formatMetric(slo.metric, slo.target, slo.unit)}`;

function sloCard(slo: ReportSummary["slos"][number]): string {
  // a value from one side of a comparison is that version's, not all traffic's
  const scope = slo.version ? `${slo.scope === "each" ? "every cohort of " : ""}${slo.version}` : slo.scope === "each" ? "every cohort" : "all traffic";
  let detail = "";
  if (slo.status === "no_data") detail = `<div class="eb-meta">${esc(slo.reason ?? "the run has no value for it")}</div>`;
  else if (slo.source?.startsWith("serving traffic")) detail = `<div class="eb-meta">from the ${esc(slo.source)}, as in Traffic below</div>`;
  else if (slo.scope === "each" && slo.judgedCohort && slo.judgedCohort !== "all")
    detail = `<div class="eb-meta">worst: ${esc(cohortLabel(slo.judgedCohort))} · overall ${esc(formatMetric(slo.metric, slo.overall, slo.unit))}</div>`;
  return kpi(
    slo.name,
    slo.status === "no_data" ? "no data" : formatMetric(slo.metric, slo.value, slo.unit),
    `<div>${badge("slo", slo.status)} <span class="eb-meta">target ${esc(sloTarget(slo))} · ${esc(scope)}</span></div>${detail}`,
  );
}

/** A table that may be wider than its card: a labelled region the keyboard can scroll. */
function tableBox(label: string, table: string): string {
  return `<div class="eb-table" role="region" aria-label="${esc(label)}" tabindex="0">${table}</div>`;
}

function versionsTable(v: NonNullable<ReportSummary["versions"]>): string {
  const head = `<tr><th>Version</th><th>Stage</th>${v.metrics.map((m) => `<th class="eb-num">${esc(metricLabel(m))}</th>`).join("")}</tr>`;
  const rows = v.rows
    .map((r) => `<tr><td>${esc(r.label)}</td><td>${esc(r.stage ?? "—")}</td>${v.metrics.map((m) => `<td class="eb-num">${esc(formatMetric(m, r.metrics[m] ?? null))}</td>`).join("")}</tr>`)
    .join("");
  return `<h3>Versions compared</h3>${tableBox("Versions compared", `<table data-testid="summary-versions"><thead>${head}</thead><tbody>${rows}</tbody></table>`)}`;
}

function guardrailsTable(g: NonNullable<ReportSummary["guardrails"]>): string {
  const order = ["alert", "flapping", "warning", "no_data", "paused", "ok"];
  const counts = order.filter((s) => g.counts[s]).map((s) => `${g.counts[s]} ${statusWord("guardrail", s).text}`).join(", ");
  const intro = `<h3>Guardrails on this run</h3><p class="eb-meta">${esc(`${g.total} guardrail × cohort check${g.total === 1 ? "" : "s"}: ${counts}.`)}</p>`;
  if (!g.rows.length) return intro;
  const rows = g.rows
    .map((r) => `<tr><td>${esc(r.guardrail)}${r.redLine ? " <span class=\"eb-meta\">(red line)</span>" : ""}<div class="eb-meta">${esc(r.rule)}</div></td><td>${esc(cohortLabel(r.cohort))}</td><td>${badge("guardrail", r.state)}</td><td class="eb-num">${esc(formatMetric(r.metric, r.value))}</td></tr>`)
    .join("");
  const rest = g.total - (g.counts.ok ?? 0) - g.rows.length;
  return `${intro}${tableBox("Guardrails on this run", `<table data-testid="summary-guardrails"><thead><tr><th>Guardrail</th><th>Cohort</th><th>State</th><th class="eb-num">Value</th></tr></thead><tbody>${rows}</tbody></table>`)}${rest > 0 ? `<p class="eb-meta">${rest} more not ok.</p>` : ""}`;
}

export function renderSummary(summary: ReportSummary): string {
  const cards: string[] = [];
  for (const slo of summary.slos) cards.push(sloCard(slo));
  if (summary.cost) {
    cards.push(kpi("Cost per request", formatMetric("cost_per_request", summary.cost.costPerRequest)));
    cards.push(
      kpi(
        "Cost per correct prediction",
        formatMetric("cost_per_correct", summary.cost.costPerCorrect),
        `<div class="eb-meta">label coverage ${esc(formatMetric("label_coverage", summary.cost.labelCoverage))}</div>`,
      ),
    );
  }
  if (summary.primary?.worst)
    cards.push(
      kpi(
        `Worst cohort (${summary.primary.label})`,
        formatMetric(summary.primary.metric, summary.primary.worst.value),
        `<div class="eb-meta">${esc(cohortLabel(summary.primary.worst.cohort))} · overall ${esc(formatMetric(summary.primary.metric, summary.primary.overall))}</div>`,
      ),
    );
  const driftedColumns = [...new Set(summary.drift.map((d) => d.column))];
  if (driftedColumns.length) cards.push(kpi("Features drifted or skewed", String(driftedColumns.length), `<div class="eb-meta">${esc(driftedColumns.join(", "))}</div>`));
  const change = summary.change
    ? `<h3>Change since the previous report</h3><p class="eb-meta">Compared with “${esc(summary.change.previousTitle)}” of ${esc(day(summary.change.previousCreatedAt))}.</p>
${tableBox(
  "Change since the previous report",
  `<table><thead><tr><th>Measure</th><th class="eb-num">Before</th><th class="eb-num">Now</th></tr></thead><tbody>${summary.change.deltas
    .map((d) => {
      const m = d.key.replace(/^(slo|slo-worst|primary):/, "");
      return `<tr><td>${esc(d.label)}</td><td class="eb-num">${esc(formatMetric(m, d.before))}</td><td class="eb-num">${esc(formatMetric(m, d.after))}</td></tr>`;
    })
    .join("")}</tbody></table>`,
)}`
    : `<p class="eb-meta">This is the first report of this notebook: no earlier report to compare with.</p>`;
  const run = summary.run;
  const notice = run?.notice ? `<p class="eb-notice${run.lifecycle === "partial" ? " eb-partial" : ""}" role="note" data-testid="run-notice">${badge("run", run.lifecycle, { labelled: true })} ${esc(run.notice)}</p>` : "";
  return `<section class="eb-card eb-summary" aria-labelledby="eb-summary-title" data-testid="leadership-summary">
<h2 id="eb-summary-title">Leadership summary ${badge("summary", summary.status, { labelled: true })}</h2>
${notice}
<p class="eb-headline">${esc(summary.headline)}</p>
<div class="eb-grid">${cards.join("")}</div>
${summary.versions ? versionsTable(summary.versions) : ""}
${summary.findings.length ? `<h3>Findings</h3><ul class="eb-findings">${summary.findings.map((f) => `<li>${esc(f)}</li>`).join("")}</ul>` : ""}
${summary.guardrails ? guardrailsTable(summary.guardrails) : ""}
${change}
</section>`;
}

/** Metrics a table keeps whatever the evaluator's order: what leadership reads first. */
const KEEP = ["cost_per_correct", "cost_per_request"];

/** Up to `max` metrics that have a value in some cohort, in first-seen order (KEEP ones always). */
function metricColumns(ev: SnapshotEvaluation, max = 7): string[] {
  const seen: string[] = [];
  for (const c of ev.cohorts) for (const [k, v] of Object.entries(c.metrics ?? {})) if (typeof v === "number" && !seen.includes(k)) seen.push(k);
  const kept = seen.filter((m) => KEEP.includes(m));
  const rest = seen.filter((m) => !KEEP.includes(m)).slice(0, Math.max(0, max - kept.length));
  return seen.filter((m) => kept.includes(m) || rest.includes(m));
}

/** One formatter per table column: money in one scale for the whole column ("$0.50 / 1k"), so rows compare. */
function columnFormat(metric: string, values: (number | null | undefined)[]): (v: number | null | undefined) => string {
  if (!isMoneyMetric(metric)) return (v) => formatMetric(metric, v);
  const positive = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v) && v !== 0).map(Math.abs);
  const scale = positive.length ? unitCostScale(Math.min(...positive)) : 1;
  return (v) => formatMetric(metric, v, undefined, { short: true, scale });
}

/** A column header: the metric's words, and the money scale when a column is quoted per 1,000. */
function columnHead(metric: string, values: (number | null | undefined)[]): string {
  const unit = costUnit(metric);
  const positive = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v) && v !== 0).map(Math.abs);
  const scale = unit && positive.length ? unitCostScale(Math.min(...positive)) : 1;
  return scale === 1 ? metricLabel(metric) : `${metricLabel(metric)} (per ${scale.toLocaleString("en-US")})`;
}

/** "immature · 23% labelled": the cohort's metrics rest on too few labels (the runner's threshold). */
function immatureBadge(coverage: number | undefined): string {
  const w = statusWord("labels", "immature");
  const share = coverage !== undefined ? ` · ${esc(formatMetric("label_coverage", coverage))} labelled` : "";
  return `<span class="eb-badge eb-${w.tone}" title="${esc(`${w.kindLabel}: ${w.meaning}`)}">${esc(w.text)}${share}</span>`;
}

function cohortTable(ev: SnapshotEvaluation, label?: string): string {
  const metrics = metricColumns(ev);
  const fmt = new Map(metrics.map((m) => [m, columnFormat(m, ev.cohorts.map((c) => c.metrics?.[m]))]));
  const head = `<tr>${label ? "<th>Side</th>" : ""}<th>Cohort</th><th>Status</th><th class="eb-num">n</th>${metrics
    .map((m) => `<th class="eb-num">${esc(columnHead(m, ev.cohorts.map((c) => c.metrics?.[m])))}</th>`)
    .join("")}</tr>`;
  const rows = ev.cohorts
    .map(
      (c) =>
        `<tr>${label ? `<td>${esc(label)}</td>` : ""}<td>${esc(c.cohort)}</td><td>${badge("result", c.status)}${c.immature ? ` ${immatureBadge(c.label_coverage)}` : ""}</td><td class="eb-num">${esc((c.n ?? 0).toLocaleString("en-US"))}</td>${metrics
          .map((m) => `<td class="eb-num">${esc(fmt.get(m)!(c.metrics?.[m]))}</td>`)
          .join("")}</tr>`,
    )
    .join("");
  let columns = "";
  const all = ev.cohorts.find((c) => c.cohort === "all");
  if (all?.columns?.length) {
    const cm: string[] = [];
    for (const col of all.columns) for (const [k, v] of Object.entries(col.metrics)) if (typeof v === "number" && !cm.includes(k)) cm.push(k);
    const shown = cm.slice(0, 6);
    const words = columnsWords(all.columns_label);
    const caption = `${words.heading} (all)${label ? ` — ${label}` : ""}`;
    columns = tableBox(
      caption,
      `<table><caption class="eb-meta" style="text-align:left">${esc(caption)}</caption><thead><tr><th>${esc(words.header)}</th><th>Status</th>${shown
        .map((m) => `<th class="eb-num">${esc(metricLabel(m))}</th>`)
        .join("")}<th class="eb-note">Note</th></tr></thead><tbody>${all.columns
        .slice(0, 60)
        .map((col) => {
          const d = (col.details ?? {}) as Record<string, unknown>;
          const note = typeof d.finding === "string" ? d.finding : d.drift === true ? "drift" : typeof d.skipped === "string" ? d.skipped : "";
          return `<tr><td>${esc(col.column)}</td><td>${badge("result", col.status)}</td>${shown.map((m) => `<td class="eb-num">${esc(formatMetric(m, col.metrics[m]))}</td>`).join("")}<td class="eb-note">${esc(note)}</td></tr>`;
        })
        .join("")}</tbody></table>`,
    );
  }
  const sample = ev.sample ? `<p class="eb-meta" data-testid="sample-note">n = ${esc(ev.n.current.toLocaleString("en-US"))} · ${esc(ev.sample.note)}</p>` : "";
  // the evaluator's sentences for `all` (a weak slice in plain words, what a multivariate test sampled)
  const notes = (all?.notes ?? []).slice(0, 8).map((n) => `<p class="eb-meta" data-testid="result-note">${esc(n)}</p>`).join("");
  return sample + tableBox(label ? `Results per cohort — ${label}` : "Results per cohort", `<table><thead>${head}</thead><tbody>${rows}</tbody></table>`) + columns + notes;
}

/** The card every non-markdown cell sits in: heading, status, evaluator, then its charts and body. */
function card(cell: SnapshotCell, figures: string, body: string): string {
  const title = cell.title ?? cell.cellId;
  if (cell.error) body += `<p class="eb-error">${esc(cell.error)}</p>`;
  const plugin = cell.pluginRef ? `<span class="eb-meta">${esc(cell.pluginRef)}</span>` : "";
  // Each chart is a figure with its caption that never splits across pages; the cell heading
  // avoids a break after it, so it stays with the first chart.
  return `<section class="eb-card eb-cell" data-cell="${esc(cell.cellId)}"><div class="eb-cell-head" style="break-after:avoid"><h2>${esc(title)}</h2>${cell.status === "succeeded" ? badge("result", cell.resultStatus, { labelled: true }) : badge("run", cell.status, { labelled: true })}${plugin}</div>${figures}${body}</section>`;
}

const figures = (cell: SnapshotCell) => figureList(cellCharts(cell));

const figureList = (charts: RenderedChart[]) =>
  charts
    // On a phone the chart keeps a readable size and scrolls sideways in a focusable box instead of shrinking its text.
    .map((c) => `<figure class="eb-figure"><figcaption>${esc(c.title)}</figcaption><div class="eb-figscroll" role="region" aria-label="${esc(c.title)} (chart)" tabindex="0">${c.svg}</div></figure>`)
    .join("");

const HTML_KIT: HtmlKit = { esc, cohortTable, figures, card, formatMetric, metricLabel };

function renderCell(cell: SnapshotCell): string {
  return cellType(cell.type).html(cell, HTML_KIT);
}

const ms = (v: number | null) => formatMetric("latency_ms", v);
const rate = (v: number, basis: SampleBasis) => `${basis.sampledRows > 0 ? "≈ " : ""}${v.toFixed(v < 10 ? 2 : 0)}/min`;

/** The Traffic section: per version requests (estimated when sampled), request rate, error rate, latency; or why it is absent. */
export function renderTraffic(t: SnapshotTraffic | undefined): string {
  if (!t) return ""; // reports frozen before the section existed
  const head = `<h2 id="eb-traffic">Traffic</h2>`;
  if (t.state === "absent") return `<section class="eb-card" aria-labelledby="eb-traffic" data-testid="report-traffic">${head}<p class="eb-meta">${esc(t.reason)}</p></section>`;
  const rows = t.versions
    .map((v) => {
      const basis = { rows: v.predictions, requests: v.requests, sampledRows: v.sampledRows };
      return `<tr><td>${esc(v.version)}</td><td class="eb-num">${esc(countText(v.requests, basis))}</td><td class="eb-num">${esc(rate(v.requestsPerMinute, basis))}</td><td class="eb-num">${esc(formatMetric("error_rate", v.errorRate))}</td><td class="eb-num">${esc(ms(v.latencyP50Ms))}</td><td class="eb-num">${esc(ms(v.latencyP95Ms))}</td><td class="eb-note">${esc(sampleRowsNote(basis) || `${v.predictions.toLocaleString("en-US")} logged rows`)}</td></tr>`;
    })
    .join("");
  const table = `<table data-testid="traffic-versions"><thead><tr><th>Version</th><th class="eb-num">Requests</th><th class="eb-num">Request rate</th><th class="eb-num">Error rate</th><th class="eb-num">Latency p50</th><th class="eb-num">Latency p95</th><th class="eb-note">Rests on</th></tr></thead><tbody>${rows}</tbody></table>`;
  return `<section class="eb-card" aria-labelledby="eb-traffic" data-testid="report-traffic">${head}
<p class="eb-meta">${esc(estimateText(t.sample.requests, "requests", t.sample))} · whole UTC days ${esc(t.days.from)} → ${esc(t.days.to)} (daily rollups, frozen at creation)</p>
${tableBox("Traffic per version", table)}${figureList(servingCharts(t.serving, t.sample.sampledRows > 0))}</section>`;
}

export function renderReportBody(r: RenderableReport): string {
  const s = r.snapshot;
  const byId = new Map(s.cells.map((c) => [c.cellId, c]));
  const cells = r.cellOrder.map((id) => byId.get(id)).filter((c): c is SnapshotCell => !!c);
  const window = s.window ? `${day(s.window.from)} → ${day(s.window.to)}` : "—";
  const narrative = r.narrative.trim() ? `<section class="eb-card eb-md" aria-label="Narrative">${renderMarkdown(r.narrative)}</section>` : "";
  const runbooks = r.runbooks.length
    ? `<section class="eb-card" aria-labelledby="eb-runbooks"><h2 id="eb-runbooks">Runbooks</h2>${r.runbooks
        .map((b) => `<article class="eb-runbook eb-md"><h3>${esc(b.title)} <span class="eb-meta">(revision ${b.revision})</span></h3>${renderMarkdown(b.body)}</article>`)
        .join("")}</section>`
    : "";
  return `<div class="eb-report" data-report-id="${esc(r.id)}">
<header><h1>${esc(r.title)}</h1>
<p class="eb-meta">${esc(s.model.name)} (${esc(s.model.slug)}) · notebook “${esc(s.run.notebookTitle)}” · window ${esc(window)} · versions ${esc(s.versions.join(", ") || "—")}<br>Owner ${esc(s.model.ownerTeam)} · on-call ${esc(s.model.onCall)} · report by ${esc(r.createdByLabel)}, ${esc(when(r.createdAt))}</p></header>
${renderSummary(r.summary)}
${narrative}
${cells.map(renderCell).join("\n")}
${renderTraffic(s.traffic)}
${runbooks}
<footer class="eb-card eb-foot"><h2>Provenance</h2><dl>
<dt>Frozen at</dt><dd>${esc(when(s.frozenAt))} — later data or notebook edits do not change this report</dd>
<dt>Run</dt><dd>${esc(s.run.id)} (${esc(s.run.trigger)}, ${esc(when(s.run.createdAt))}), notebook revision ${esc(s.run.notebookRevision)}</dd>
<dt>Window</dt><dd>${esc(s.window ? `${s.window.from} → ${s.window.to}` : "—")}</dd>
<dt>Versions</dt><dd>${esc(s.versions.join(", ") || "—")}</dd>
<dt>Compared with</dt><dd>${esc(s.baselines.join("; ") || "—")}</dd>
<dt>Evaluators</dt><dd>${esc(s.plugins.join(", ") || "—")}</dd>
<dt>Business metric</dt><dd>${esc(s.model.businessMetric || "—")}</dd>
</dl></footer>
</div>`;
}

/**
 * What a report document may load: nothing but its own inline CSS and data: images — no script,
 * no form target, no base URL, no frame. Sent as a header by the share page and the export, and
 * carried in the document itself so a downloaded file and the PDF printer enforce it too.
 */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
/** The header form adds what a <meta> CSP cannot carry. */
export const REPORT_CSP_HEADER = `${REPORT_CSP}; frame-ancestors 'none'`;

/** A complete, self-contained HTML document (opens offline from a file:// URL). */
export function renderStandaloneHtml(r: RenderableReport, opts: { noindex?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}"><meta name="viewport" content="width=device-width, initial-scale=1">
${opts.noindex ? '<meta name="robots" content="noindex, nofollow">' : ""}
<title>${esc(r.title)} — evalbook report</title>
<style>body{margin:0;background:#f4f4f5}${REPORT_CSS}</style></head>
<body>${renderReportBody(r)}</body></html>`;
}
