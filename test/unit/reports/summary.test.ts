import { describe, expect, it } from "vitest";
import { buildSnapshot, compact, defaultCellOrder } from "@/server/reports/snapshot";
import { buildSummary } from "@/server/reports/summary";
import { renderStandaloneHtml } from "@/server/reports/html";
import { formatMetric } from "@/server/reports/format";
import { FRAUD_MODEL, fraudRun } from "./fixture";

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
  });

  it("names the worst cohort, the skew, the drift and the cost in plain words", () => {
    expect(summary.primary?.worst).toEqual({ cohort: "merchant_category=gaming", value: 0.61, n: 400 });
    expect(summary.findings).toContain('SLO "AUC ≥ 0.85" is breached: 0.83 (target ≥ 0.85).');
    expect(summary.findings).toContain("Quality for merchant_category 'gaming' is 0.61 AUC vs 0.83 overall (400 predictions).");
    expect(summary.findings).toContain("Training/serving skew on txn_sum_30d: serving ≈ 0.233 × training on 97.0% of joined rows: likely a feature definition bug.");
    expect(summary.findings).toContain("Drifted feature: txn_sum_30d (PSI 1.42).");
    expect(summary.findings).toContain("Cost per request is $0.0005; cost per correct prediction is $0.00083 (label coverage 62.0%).");
    expect(summary.cost).toMatchObject({ costPerRequest: 0.0005, costPerCorrect: 0.00083, labelCoverage: 0.62 });
  });

  it("marks an objective at risk when a cohort breaks it or it is close to the line", () => {
    const near = buildSummary(buildSnapshot(fraudRun({ auc: 0.86 }), FRAUD_MODEL, NOW));
    expect(near.slos[0]).toMatchObject({ status: "at_risk", cohortBreaches: [{ cohort: "merchant_category=gaming", value: 0.61 }] });
    const model = { ...FRAUD_MODEL, slos: [{ name: "AUC ≥ 0.80", metric: "roc_auc", op: ">=" as const, target: 0.8 }] };
    const ok = buildSummary(buildSnapshot({ ...fraudRun({ auc: 0.95 }), cells: fraudRun({ auc: 0.95 }).cells.filter((c) => c.cellId !== "quality" || true) }, { ...model }, NOW));
    expect(ok.slos[0]!.status).toBe("at_risk"); // gaming (0.61) is below 0.80
    const noData = buildSummary(buildSnapshot({ ...fraudRun(), cells: [] }, FRAUD_MODEL, NOW));
    expect(noData.slos.every((x) => x.status === "no_data")).toBe(true);
    expect(noData.status).toBe("n/a");
  });

  it("compares with the previous report of the same notebook", () => {
    const before = buildSummary(buildSnapshot(fraudRun({ auc: 0.88, costPerCorrect: 0.0004 }), FRAUD_MODEL, NOW));
    const after = buildSummary(s, { id: "r0", title: "Last week", createdAt: "2025-11-18T09:00:00.000Z", summary: before });
    expect(after.change?.deltas.find((d) => d.key === "slo:roc_auc")).toEqual({ key: "slo:roc_auc", label: "AUC", before: 0.88, after: 0.83 });
    expect(after.findings.at(-1)).toMatch(/^Since the previous report \(2025-11-18\): AUC 0\.88 → 0\.83, .*cost per correct prediction \$0\.0004 → \$0\.00083/);
  });

  it("formats numbers with their units", () => {
    expect(formatMetric("cost_per_request", 0.000512)).toBe("$0.00051");
    expect(formatMetric("latency_p95_ms", 95.6)).toBe("96 ms");
    expect(formatMetric("label_coverage", 0.62)).toBe("62.0%");
    expect(formatMetric("roc_auc", 0.8312)).toBe("0.831");
    expect(formatMetric("roc_auc", null)).toBe("—");
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
        {
          cohort: "all",
          status: "warn",
          n: 7639,
          metrics: { joined_rows: null, drifted_features: 1 },
          columns: [
            { column: "txn_sum_30d", status: "warn", metrics: { distance: 1537.1, normed: 0.827 }, details: { test: "wasserstein", distribution_drift: true } },
            { column: "txn_amount", status: "pass", metrics: { distance: 4.8, normed: 0.025 }, details: { distribution_drift: false } },
          ],
        },
      ],
    };
    const summary = buildSummary(buildSnapshot(run, FRAUD_MODEL, NOW));
    expect(summary.findings).toContain("Training/serving skew on txn_sum_30d: serving values differ from training (normed distance 0.827).");
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
    for (const n of ["0.83", "$0.00083", "$0.0005", "62.0%", "0.61"]) expect(html).toContain(n);
    expect(html.length).toBeLessThan(300_000);
  });
});
