import { describe, expect, it } from "vitest";
import { buildSnapshot, compact, defaultCellOrder } from "@/server/reports/snapshot";
import { buildSummary } from "@/server/reports/summary";
import { renderStandaloneHtml } from "@/server/reports/html";
import { formatMetric } from "@/server/reports/format";
import { FRAUD_MODEL, fraudRun } from "./fixture";
import { cohortAll } from "../../helpers/results";

const NOW = new Date("2025-11-25T09:00:00Z");

describe("report snapshot", () => {
  it("keeps window, versions, baselines, plugins and every cell, and thins long arrays", () => {
    const s = buildSnapshot(fraudRun(), FRAUD_MODEL, NOW);
    expect(s.window).toEqual({ from: "2025-11-18T00:00:00.000Z", to: "2025-11-25T00:00:00.000Z" });
    expect(s.versions).toEqual(["v3.2"]);
    expect(s.baselines).toEqual(['baseline "training-2025-10"']);
    expect(s.plugins).toEqual(["cost.latency@1.0.0", "drift.psi@1.0.0", "quality.binary@1.0.0", "skew.training_serving@1.0.0"]);
    expect(s.cells.map((c) => c.cellId)).toEqual(["intro", "quality", "skew", "drift", "drift-chart", "cost"]);
    const roc = (s.cells[1]!.evaluation!.cohorts[0]!.chart as { roc: { fpr: number[] } }).roc;
    expect(roc.fpr.length).toBe(120);
    expect(roc.fpr[0]).toBe(0);
    expect(roc.fpr.at(-1)).toBe(1);
    expect(defaultCellOrder(s)).toEqual(["intro", "quality", "skew", "drift", "drift-chart", "cost"]);
  });

  it("is plain JSON that does not share references with the run", () => {
    const run = fraudRun();
    const s = buildSnapshot(run, FRAUD_MODEL, NOW);
    (run.cells[1]!.result as { cohorts: { metrics: Record<string, number> }[] }).cohorts[0]!.metrics.roc_auc = 0.5;
    expect(s.cells[1]!.evaluation!.cohorts[0]!.metrics.roc_auc).toBe(0.83);
    expect(compact([Number.NaN, Infinity, 1])).toEqual([null, null, 1]);
  });
});

describe("leadership summary", () => {
  const s = buildSnapshot(fraudRun(), FRAUD_MODEL, NOW);
  const summary = buildSummary(s);

  it("states each SLO with its status and value (aliases p95_latency_ms → latency_p95_ms)", () => {
    expect(summary.slos.map((x) => [x.metric, x.status, x.value])).toEqual([
      ["roc_auc", "breached", 0.83],
      ["p95_latency_ms", "met", 96],
      ["error_rate", "met", 0.002],
    ]);
    expect(summary.status).toBe("fail");
    expect(summary.headline).toBe("Card fraud risk score: 1 of 3 SLOs breached; training/serving skew found.");
    expect(summary.run).toEqual({ lifecycle: "succeeded", failedCells: [], notice: null });
  });

  it("names the worst cohort, the skew, the drift and the cost in plain words", () => {
    expect(summary.primary?.worst).toEqual({ cohort: "merchant_category=gaming", value: 0.61, n: 400 });
    expect(summary.findings).toContain('SLO "AUC ≥ 0.85" is breached: 0.83 (target ≥ 0.85).');
    expect(summary.findings).toContain("Quality for merchant_category 'gaming' is 0.61 AUC vs 0.83 overall (400 predictions).");
    expect(summary.findings).toContain("Training/serving skew on txn_sum_30d: serving ≈ 0.233 × training on 97.0% of joined rows: likely a feature definition bug.");
    expect(summary.findings).toContain("Drifted feature: txn_sum_30d (PSI 1.42).");
    expect(summary.findings).toContain("Cost per request is $0.50 per 1,000 requests; cost per correct prediction is $0.83 per 1,000 correct predictions (label coverage 62.0%).");
    expect(summary.cost).toMatchObject({ costPerRequest: 0.0005, costPerCorrect: 0.00083, labelCoverage: 0.62 });
  });

  it("marks an objective at risk when a cohort breaks it or it is close to the line", () => {
    const near = buildSummary(buildSnapshot(fraudRun({ auc: 0.86 }), FRAUD_MODEL, NOW));
    expect(near.slos[0]).toMatchObject({ status: "at_risk", cohortBreaches: [{ cohort: "merchant_category=gaming", value: 0.61 }] });
    const model = { ...FRAUD_MODEL, slos: [{ name: "AUC ≥ 0.80", metric: "roc_auc", op: ">=" as const, target: 0.8 }] };
    const ok = buildSummary(buildSnapshot({ ...fraudRun({ auc: 0.95 }), cells: fraudRun({ auc: 0.95 }).cells.filter((c) => c.cellId !== "quality" || true) }, { ...model }, NOW));
    expect(ok.slos[0]!.status).toBe("at_risk"); // gaming (0.61) is below 0.80
  });

  it("says which SLOs have no data and why, never that they failed", () => {
    const noCells = buildSummary(buildSnapshot({ ...fraudRun(), cells: [] }, FRAUD_MODEL, NOW));
    expect(noCells.slos.every((x) => x.status === "no_data")).toBe(true);
    expect(noCells.status).toBe("n/a");
    expect(noCells.headline).toBe("Card fraud risk score: no data for any of its 3 SLOs.");
    expect(noCells.slos[0]!.reason).toBe("no cell of notebook “Weekly health check” computes AUC");

    // A window without labels: the evaluator says why AUC is missing; the latency SLO is still judged.
    const run = fraudRun();
    const q = run.cells.find((c) => c.cellId === "quality")!;
    q.resultStatus = "n/a";
    q.result = { plugin: "quality.binary", version: "1.0.0", status: "n/a", n: { current: 5000, reference: null }, cohorts: [{ cohort: "all", status: "n/a", n: 0, metrics: { roc_auc: null, accuracy: null }, reasons: { roc_auc: "no labelled rows with a finite score" } }] };
    const noLabels = buildSummary(buildSnapshot(run, FRAUD_MODEL, NOW));
    expect(noLabels.slos.map((x) => [x.metric, x.status])).toEqual([["roc_auc", "no_data"], ["p95_latency_ms", "met"], ["error_rate", "met"]]);
    expect(noLabels.findings).toContain('SLO "AUC ≥ 0.85" has no data: Quality per cohort: no labelled rows with a finite score.');
    expect(noLabels.headline).toMatch(/^Card fraud risk score: 2 of 3 SLOs met, 1 without data; training\/serving skew found\.$/);
    expect(noLabels.findings.join(" ")).not.toMatch(/AUC ≥ 0.85" is breached/);
  });

  it("judges a latency or error-rate SLO no cell computes from the report's serving traffic, as the Traffic section shows it", () => {
    const run = { ...fraudRun(), cells: fraudRun().cells.filter((c) => c.cellId !== "cost") };
    const traffic = (versions: { version: string; latencyP95Ms: number; errorRate: number }[]) => ({
      state: "shown" as const,
      days: { from: "2025-11-18", to: "2025-11-25" },
      sample: { rows: 1000, requests: 1000, sampledRows: 0 },
      versions: versions.map((v) => ({ ...v, predictions: 500, requests: 500, sampledRows: 0, requestsPerMinute: 0.1, latencyP50Ms: 20 })),
      serving: [],
    });
    const withTraffic = (t: ReturnType<typeof traffic>, r = run) => ({ ...buildSnapshot(r, FRAUD_MODEL, NOW), traffic: t });
    const one = buildSummary(withTraffic(traffic([{ version: "v3.2", latencyP95Ms: 54, errorRate: 0.009 }])));
    expect(one.slos.map((x) => [x.metric, x.status, x.value, x.source])).toEqual([
      ["roc_auc", "breached", 0.83, "Quality per cohort"],
      ["p95_latency_ms", "met", 54, "serving traffic of v3.2 (daily rollups)"],
      ["error_rate", "breached", 0.009, "serving traffic of v3.2 (daily rollups)"],
    ]);
    expect(one.slos[1]!.version).toBeUndefined();
    const html = renderStandaloneHtml({ id: "r", title: "t", narrative: "", status: one.status, createdAt: NOW, createdByLabel: "x", snapshot: withTraffic(traffic([{ version: "v3.2", latencyP95Ms: 54, errorRate: 0.009 }])), summary: one, cellOrder: [], runbooks: [] });
    expect(html).toContain("from the serving traffic of v3.2 (daily rollups), as in Traffic below");
    // several versions served: the production one, named
    const two = buildSummary(withTraffic(traffic([{ version: "v3.3", latencyP95Ms: 400, errorRate: 0 }, { version: "v3.2", latencyP95Ms: 60, errorRate: 0.001 }])));
    expect(two.slos[1]).toMatchObject({ status: "met", value: 60, version: "v3.2 (production)" });
    expect(two.slos[2]).toMatchObject({ status: "met", value: 0.001, version: "v3.2 (production)" });
    // a failed run judges nothing, traffic or not
    const failed = { ...run, status: "failed", cells: run.cells.map((c) => (c.type === "markdown" ? c : { ...c, status: "failed", result: null, resultStatus: null })) };
    expect(buildSummary(withTraffic(traffic([{ version: "v3.2", latencyP95Ms: 54, errorRate: 0.001 }]), failed)).slos.every((x) => x.status === "no_data")).toBe(true);
  });

  it("says at the top when the run failed or is partial, and names the cells that did not finish", () => {
    const failed = fraudRun();
    failed.status = "failed";
    for (const c of failed.cells) if (c.type !== "markdown") Object.assign(c, { status: "failed", resultStatus: null, result: null, error: "worker lost" });
    const f = buildSummary(buildSnapshot(failed, FRAUD_MODEL, NOW));
    expect(f.run?.lifecycle).toBe("failed");
    expect(f.run?.notice).toMatch(/^This run failed: “Quality per cohort” \(worker lost\), .* did not finish, and no cell produced results\./);
    expect(f.headline).toBe("Card fraud risk score: the run failed; no data for any of its 3 SLOs.");
    expect(f.status).toBe("n/a");
    expect(f.slos[0]!.reason).toBe("4 cells of the run did not finish (Quality per cohort, Training/serving skew, Drift on key features, Cost & latency)");

    const partial = fraudRun();
    partial.status = "failed";
    Object.assign(partial.cells.find((c) => c.cellId === "cost")!, { status: "failed", result: null, resultStatus: null, error: "timeout after 120 s" });
    const p = buildSummary(buildSnapshot(partial, FRAUD_MODEL, NOW));
    expect(p.run?.lifecycle).toBe("partial");
    expect(p.run?.notice).toContain("1 of 4 cells did not finish (“Cost & latency” (timeout after 120 s))");
    expect(p.headline).toMatch(/^Card fraud risk score: partial run; 1 of 3 SLOs breached, 2 without data/);
    const html = renderStandaloneHtml({ id: "r", title: "t", narrative: "", status: p.status, createdAt: NOW, createdByLabel: "x", snapshot: buildSnapshot(partial, FRAUD_MODEL, NOW), summary: p, cellOrder: [], runbooks: [] });
    expect(html.indexOf('data-testid="run-notice"')).toBeLessThan(html.indexOf('class="eb-headline"'));
    expect(html).toContain("Run:</span> partial");
  });

  it("judges an SLO scoped to every cohort on each cohort, not on the overall value", () => {
    const model = { ...FRAUD_MODEL, slos: [{ name: "AUC ≥ 0.80 for every tier", metric: "roc_auc", op: ">=" as const, target: 0.8, cohorts: "each" as const }] };
    const each = buildSummary(buildSnapshot(fraudRun({ auc: 0.9 }), model, NOW));
    expect(each.slos[0]).toMatchObject({ status: "breached", scope: "each", value: 0.61, overall: 0.9, judgedCohort: "merchant_category=gaming" });
    expect(each.findings[0]).toBe('SLO "AUC ≥ 0.80 for every tier" is breached (it must hold for every cohort): merchant_category \'gaming\' at 0.61 (target ≥ 0.80; 0.90 overall).');
    expect(each.status).toBe("fail");
    // the same objective on all traffic is met there, at risk because of the cohort
    const all = buildSummary(buildSnapshot(fraudRun({ auc: 0.9 }), { ...model, slos: [{ ...model.slos[0]!, cohorts: "all" as const }] }, NOW));
    expect(all.slos[0]!.status).toBe("at_risk");
    // every cohort above the target: met
    const run = fraudRun({ auc: 0.9 });
    const q = run.cells.find((c) => c.cellId === "quality")!.result as { cohorts: { metrics: Record<string, number> }[] };
    q.cohorts[1]!.metrics.roc_auc = 0.86;
    expect(buildSummary(buildSnapshot(run, model, NOW)).slos[0]).toMatchObject({ status: "met", value: 0.86 });
  });

  it("compares with the previous report of the same notebook", () => {
    const before = buildSummary(buildSnapshot(fraudRun({ auc: 0.88, costPerCorrect: 0.0004 }), FRAUD_MODEL, NOW));
    const after = buildSummary(s, { id: "r0", title: "Last week", createdAt: "2025-11-18T09:00:00.000Z", summary: before });
    expect(after.change?.deltas.find((d) => d.key === "slo:roc_auc")).toEqual({ key: "slo:roc_auc", label: "AUC", before: 0.88, after: 0.83 });
    expect(after.findings.at(-1)).toMatch(/^Since the previous report \(2025-11-18\): AUC 0\.88 → 0\.83, .*cost per correct prediction \$0\.40 per 1,000 correct predictions → \$0\.83 per 1,000 correct predictions/);
    // each metric once: AUC is both an SLO metric and the primary metric
    expect(after.change!.deltas.filter((d) => d.label === "AUC")).toHaveLength(1);
    // an older report that stored AUC twice still gives one row
    const old = { ...before, keyNumbers: { ...before.keyNumbers, "primary:roc_auc": 0.88 } };
    expect(buildSummary(s, { id: "r0", title: "old", createdAt: "2025-11-18T09:00:00.000Z", summary: old }).change!.deltas.filter((d) => d.label === "AUC")).toHaveLength(1);
  });

  it("formats numbers with their units", () => {
    expect(formatMetric("cost_per_request", 0.000512)).toBe("$0.51 per 1,000 requests");
    expect(formatMetric("cost_per_correct", 0.000028)).toBe("$0.03 per 1,000 correct predictions");
    expect(formatMetric("cost_per_correct", 0.000028, undefined, { short: true })).toBe("$0.03 / 1k");
    expect(formatMetric("total_cost", 1234.5)).toBe("$1,235");
    expect(formatMetric("latency_p95_ms", 95.6)).toBe("96 ms");
    expect(formatMetric("label_coverage", 0.62)).toBe("62.0%");
    expect(formatMetric("roc_auc", 0.8312)).toBe("0.831");
    expect(formatMetric("roc_auc", null)).toBe("—");
  });
});

describe("versions compared", () => {
  it("lists each compared version with the metrics the run has for it", () => {
    const run = fraudRun();
    const side = (v: string) => ({ versions: [v], from: "2025-11-18T00:00:00.000Z", to: "2025-11-25T00:00:00.000Z", reference: { kind: "none" } });
    const ev = (label: string, auc: number, cost: number) => ({ plugin: "cost.latency", version: "1.0.0", status: "pass", label, n: { current: 100, reference: null }, cohorts: [{ cohort: "all", status: "pass", n: 100, metrics: { roc_auc: auc, cost_per_request: cost } }] });
    run.cells.push({
      cellId: "cmp",
      type: "comparison",
      title: "v3.2 vs v3.3",
      status: "succeeded",
      resultStatus: "pass",
      pluginRef: "cost.latency@1.0.0",
      selection: { a: side("v3.2"), b: side("v3.3") },
      result: { a: ev("v3.2 (production)", 0.83, 0.0005), b: ev("v3.3 (shadow)", 0.88, 0.004), status: "pass" },
      error: null,
    });
    const model = { ...FRAUD_MODEL, versions: [{ label: "v3.2", stage: "production" }, { label: "v3.3", stage: "shadow" }] };
    const summary = buildSummary(buildSnapshot(run, model, NOW));
    expect(summary.versions?.rows.map((r) => [r.label, r.stage, r.metrics.cost_per_request])).toEqual([["v3.2", "production", 0.0005], ["v3.3", "shadow", 0.004]]);
    expect(summary.versions?.metrics[0]).toBe("roc_auc");
    expect(summary.findings).toContain("Versions compared: v3.2 (production) — AUC 0.83, cost per request $0.50 per 1,000 requests; v3.3 (shadow) — AUC 0.88, cost per request $4.00 per 1,000 requests.");
    const html = renderStandaloneHtml({ id: "r", title: "t", narrative: "", status: summary.status, createdAt: NOW, createdByLabel: "x", snapshot: buildSnapshot(run, model, NOW), summary, cellOrder: [], runbooks: [] });
    expect(html).toContain('data-testid="summary-versions"');
    // the comparison cell itself shows B − A and B / A (unpaired: no test)
    const snap = buildSnapshot(run, model, NOW);
    const withCells = renderStandaloneHtml({ id: "r", title: "t", narrative: "", status: summary.status, createdAt: NOW, createdByLabel: "x", snapshot: snap, summary, cellOrder: defaultCellOrder(snap), runbooks: [] });
    expect(withCells).toContain("differences (independent samples, no test of significance)");
    expect(withCells).toMatch(/<td class="eb-num">\+0\.05<\/td><td class="eb-num">1\.06×<\/td>/);
    // no comparison: no versions table
    expect(buildSummary(buildSnapshot(fraudRun(), FRAUD_MODEL, NOW)).versions).toBeNull();
  });

  it("says which version an SLO judged on a comparison is met by, and when the other version would breach it", () => {
    const run = fraudRun();
    run.cells = run.cells.filter((c) => c.cellId !== "cost");
    const side = (v: string) => ({ versions: [v], from: "2025-11-18T00:00:00.000Z", to: "2025-11-25T00:00:00.000Z", reference: { kind: "none" } });
    const ev = (label: string, cost: number) => ({ plugin: "cost.latency", version: "1.0.0", status: "pass", label, n: { current: 100, reference: null }, cohorts: [{ cohort: "all", status: "pass", n: 100, metrics: { cost_per_request: cost } }] });
    run.cells.push({ cellId: "cmp", type: "comparison", title: "Cost", status: "succeeded", resultStatus: "pass", pluginRef: "cost.latency@1.0.0", selection: { a: side("v3.2"), b: side("v3.3") }, result: { a: ev("v3.2 (production)", 0.0005), b: ev("v3.3 (shadow)", 0.004), status: "pass" }, error: null });
    const model = { ...FRAUD_MODEL, slos: [{ name: "Cost per request ≤ $0.002", metric: "cost_per_request", op: "<=" as const, target: 0.002, unit: "USD" }], versions: [{ label: "v3.2", stage: "production" }, { label: "v3.3", stage: "shadow" }] };
    const snap = buildSnapshot(run, model, NOW);
    const summary = buildSummary(snap);
    expect(summary.slos[0]).toMatchObject({ status: "met", value: 0.0005, version: "v3.2 (production)", challenger: { version: "v3.3 (shadow)", value: 0.004, meets: false } });
    expect(summary.findings).toContain('v3.3 (shadow) would breach SLO "Cost per request ≤ $0.002" at $4.00 per 1,000 requests (target ≤ $2.00 per 1,000 requests); v3.2 (production), on which it is judged, meets it.');
    // the tile names the version, not "all traffic"
    const html = renderStandaloneHtml({ id: "r", title: "t", narrative: "", status: summary.status, createdAt: NOW, createdByLabel: "x", snapshot: snap, summary, cellOrder: [], runbooks: [] });
    expect(html).toContain("target ≤ $2.00 per 1,000 requests · v3.2 (production)");
    expect(html).not.toContain("· all traffic");
    // an objective the judged version misses names it in its sentence
    const tight = buildSummary(buildSnapshot(run, { ...model, slos: [{ ...model.slos[0]!, target: 0.0004 }] }, NOW));
    expect(tight.findings[0]).toBe('SLO "Cost per request ≤ $0.002" on v3.2 (production) is breached: $0.50 per 1,000 requests (target ≤ $0.40 per 1,000 requests).');
  });
});

describe("skew without an entity-key join", () => {
  it("reports serving vs training distribution differences as skew", () => {
    const run = fraudRun();
    const skew = run.cells.find((c) => c.cellId === "skew")!;
    skew.result = {
      plugin: "skew.training_serving",
      version: "1.0.0",
      status: "warn",
      n: { current: 7639, reference: 8000 },
      cohorts: [
        cohortAll("warn", 7639, { joined_rows: null, drifted_features: 1 }, [
          { column: "txn_sum_30d", status: "warn", metrics: { distance: 1537.1, normed: 0.827 }, details: { test: "wasserstein", distribution_drift: true } },
          { column: "txn_amount", status: "pass", metrics: { distance: 4.8, normed: 0.025 }, details: { distribution_drift: false } },
        ]),
      ],
    };
    const summary = buildSummary(buildSnapshot(run, FRAUD_MODEL, NOW));
    expect(summary.findings).toContain("Training/serving skew on txn_sum_30d: serving values differ from training (normalised distance 0.827).");
    expect(summary.headline).toMatch(/training\/serving skew found/);
    expect(summary.drift.filter((d) => d.kind === "skew").map((d) => d.column)).toEqual(["txn_sum_30d"]);
  });
});

describe("standalone HTML", () => {
  const s = buildSnapshot(fraudRun(), FRAUD_MODEL, NOW);
  const summary = buildSummary(s);
  const html = renderStandaloneHtml({
    id: "r1",
    title: "Fraud <weekly> report",
    narrative: "Hello <script>alert(1)</script> **world**",
    status: summary.status,
    createdAt: NOW,
    createdByLabel: "dana@example.com",
    snapshot: s,
    summary,
    cellOrder: ["cost", "quality", "drift-chart"],
    runbooks: [{ id: "rb1", title: "When a key feature drifts", topic: "feature_drift", revision: 2, body: "Check **skew** first." }],
  });

  it("has inline CSS and SVG charts, no script and no external resource", () => {
    expect(html).toContain("<style>");
    expect(html).toMatch(/<svg[^>]*viewBox/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).toContain("Fraud &lt;weekly&gt; report");
    expect(html).toContain("<strong>world</strong>");
    expect(html).toContain("When a key feature drifts");
  });

  it("shows the chosen cells in the chosen order, and the summary's numbers", () => {
    const order = [...html.matchAll(/data-cell="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(["cost", "quality", "drift-chart"]);
    for (const n of ["0.83", "$0.83 per 1,000 correct predictions", "$0.50 per 1,000 requests", "62.0%", "0.61"]) expect(html).toContain(n);
    // cost per correct prediction is a column of the cost table, one scale for the column
    expect(html).toMatch(/<th class="eb-num">cost per correct prediction \(per 1,000\)<\/th>/);
    expect(html.length).toBeLessThan(300_000);
  });
});
