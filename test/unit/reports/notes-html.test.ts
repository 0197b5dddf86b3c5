import { describe, expect, it } from "vitest";
import { renderReportBody } from "@/server/reports/html";
import { buildSnapshot, defaultCellOrder } from "@/server/reports/snapshot";
import { buildSummary } from "@/server/reports/summary";
import { FRAUD_MODEL, evaluatorCell, fraudRun } from "./fixture";

const NOW = new Date("2025-11-25T09:00:00.000Z");
const FINDING = "leads with account_tier = strategic: roc_auc 0.51 (95% CI 0.46–0.57) vs 0.67 elsewhere at similar scores, 409 leads";
const SAMPLED = "sampled 5,000 of 1,000,000 baseline and 5,000 of 1,000,000 current rows (seed 7)";

describe("report HTML: an evaluator's sentences for `all`", () => {
  it("shows the weak slice in plain words and what a multivariate test sampled", () => {
    const run = fraudRun();
    const weak = evaluatorCell("weak", "Weak segments", "segments.weak", "fail", null, [
      { cohort: "all", status: "fail", n: 19331, metrics: { slices_tested: 194, weak_slices: 1 }, columns: [], notes: [FINDING] },
    ], 19331);
    const classifier = evaluatorCell("mv", "Multivariate drift", "drift.classifier", "pass", 1_000_000, [
      { cohort: "all", status: "pass", n: 1_000_000, metrics: { auc: 0.54 }, notes: ["5-fold cross-validated AUC 0.538 on 83 terms (threshold 0.6)", SAMPLED] },
    ], 1_000_000);
    const snapshot = buildSnapshot({ ...run, cells: [...run.cells, weak, classifier] }, FRAUD_MODEL, NOW);
    const html = renderReportBody({
      id: "r1", title: "Weekly", narrative: "", status: "published", createdAt: NOW, createdByLabel: "demo",
      snapshot, summary: buildSummary(snapshot), cellOrder: defaultCellOrder(snapshot), runbooks: [],
    });
    expect(html).toContain(`<p class="eb-meta" data-testid="result-note">${FINDING}</p>`);
    expect(html).toContain(SAMPLED);
  });
});
