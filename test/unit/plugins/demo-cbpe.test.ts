import { describe, expect, it } from "vitest";
import { createFrame, labelCoverage, numericColumn } from "@/plugins/sdk";
import cbpe from "@/plugins/builtin/perf.cbpe";
import { generateDemoTraffic } from "@/server/demo/traffic";
import { DEMO_NOTEBOOKS } from "@/server/demo/notebooks";
import { run } from "./harness";

const DAY = 86_400_000;

describe("demo: the fraud notebook estimates this week's quality before the chargebacks arrive", () => {
  it("perf.cbpe on the last 7 days of v3.2 against the labelled training baseline: estimates, partial labels, and a precision gap (the skew)", async () => {
    const notebook = DEMO_NOTEBOOKS.find((n) => n.model === "fraud-risk")!;
    const cell = notebook.cells.find((c) => c.type === "evaluator" && c.pluginId === "perf.cbpe") as { config: Record<string, unknown> };
    expect(notebook.defaults.reference).toEqual({ kind: "baseline", baselineName: "training" });
    const now = Date.UTC(2026, 0, 15);
    const g = generateDemoTraffic("fraud-risk", now);
    const labels = new Map(g.labels.filter((l) => l.ts <= now).map((l) => [l.requestId, l.value.num]));
    const week = g.predictions.filter((p) => p.version === "v3.2" && p.ts >= now - 7 * DAY);
    const current = createFrame({
      features: {},
      prediction: numericColumn(week.map((p) => p.predNum)),
      label: numericColumn(week.map((p) => labels.get(p.requestId) ?? NaN)),
    });
    const baseline = createFrame({ features: {}, prediction: numericColumn(g.baseline.map((b) => Number(b.prediction))), label: numericColumn(g.baseline.map((b) => Number(b.label))) });
    const coverage = labelCoverage(current).coverage!;
    // the week is only partly labelled: a label-based cell on it is immature
    expect(coverage).toBeGreaterThan(0.1);
    expect(coverage).toBeLessThan(0.5);
    const r = await run(cbpe, { baseline, current, config: cell.config });
    expect(r.metrics.n_estimated).toBe(week.length);
    expect(r.metrics.n_labelled).toBe(labelCoverage(current).labelled);
    for (const m of ["accuracy", "precision", "recall", "f1", "roc_auc"]) {
      expect(r.metrics[m]).not.toBeNull();
      expect(r.metrics[`${m}_lower`]!).toBeLessThanOrEqual(r.metrics[m]!);
      expect(r.metrics[`${m}_upper`]!).toBeGreaterThanOrEqual(r.metrics[m]!);
    }
    // the served txn_sum_30d is computed over 7 days: the scores no longer mean what they meant in
    // training, and the labels that arrived say so — far fewer of the flagged transactions are fraud
    expect(r.metrics.calibrated).toBe(0); // v3.2's scores were calibrated in training: isotonic did not help
    expect(r.metrics.precision_realized!).toBeLessThan(r.metrics.precision_lower!);
    expect(r.status).toBe("warn");
    expect(r.notes!.some((n) => /^calibration decayed\? realized precision 0\.\d+ vs estimated 0\.\d+ on the same \d+ labelled rows/.test(n))).toBe(true);
  });
});
