/**
 * A per-item table is headed by what its items are: CBPE's cohort table lists metrics ("Per metric",
 * "Metric"), drift and skew tables list features — on the run page (cell-result's table) and in
 * the report, from the evaluator's `columns_label` carried through the runner.
 */
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { readTable } from "@/server/files/read-table";
import { tableToFrame } from "@/server/files/to-frame";
import { runEvaluator } from "@/server/evaluation/runner";
import { buildSnapshot } from "@/server/reports/snapshot";
import { buildSummary } from "@/server/reports/summary";
import { renderReportBody } from "@/server/reports/html";
import { columnsWords } from "@/server/format/columns-label";
import { CellResult, ColumnTable } from "@/app/w/[workspace]/notebooks/_components/cell-result";
import { FRAUD_MODEL, fraudRun } from "./fixture";

const FIX = path.resolve(__dirname, "../../fixtures/cbpe");
const frame = async (name: string) => tableToFrame(await readTable(path.join(FIX, name)));

describe("per-item table headings", () => {
  it("words: 'feature' by default, the evaluator's noun otherwise", () => {
    expect(columnsWords(undefined)).toEqual({ heading: "Per feature", header: "Feature", noun: "feature" });
    expect(columnsWords("metric")).toEqual({ heading: "Per metric", header: "Metric", noun: "metric" });
  });

  it("perf.cbpe's cohort table says Per metric / Metric in the run page's table and the report; skew's still Per feature", async () => {
    const current = await frame("binary_current.csv");
    const ran = await runEvaluator({ pluginRef: "perf.cbpe", baseline: await frame("binary_reference.csv"), current });
    const all = ran.cohorts.find((c) => c.cohort === "all")!;
    // the cell's stored output (as the notebook engine stores it)
    const out = { plugin: ran.plugin, version: ran.version, status: all.status, n: { current: current.length, reference: null }, cohorts: ran.cohorts };
    expect(all.columns_label).toBe("metric");
    expect(all.columns.map((c) => c.column)).toEqual(["accuracy", "precision", "recall", "f1", "roc_auc"]);

    const table = renderToStaticMarkup(createElement(ColumnTable, { cohort: all }));
    expect(table).toMatch(/<th scope="col"[^>]*>Metric<\/th>/);
    expect(table).not.toContain(">Feature<");
    const cell = renderToStaticMarkup(createElement(CellResult, { result: out }));
    expect(cell).toMatch(/<h4[^>]*>Per metric<\/h4>/);
    expect(cell).not.toContain("Per feature");

    const run = fraudRun();
    run.cells.push({ cellId: "estimate", type: "evaluator", title: "Estimated quality", status: "succeeded", resultStatus: out.status, pluginRef: "perf.cbpe@1.0.0", selection: run.cells[1]!.selection, config: {}, error: null, result: out } as (typeof run.cells)[number]);
    const snapshot = buildSnapshot(run, FRAUD_MODEL, new Date("2025-11-25T09:00:00Z"));
    const body = renderReportBody({ id: "r1", title: "Weekly", narrative: "", status: "fail", createdAt: "2025-11-25T09:00:00Z", createdByLabel: "test", snapshot, summary: buildSummary(snapshot), cellOrder: snapshot.cells.map((c) => c.cellId), runbooks: [] });
    expect(body).toContain("Per metric (all)");
    expect(body).toContain("<th>Metric</th>");
    // the skew cell lists features
    expect(body).toContain("Per feature (all)");
    expect(body).toContain("<th>Feature</th>");
  });
});
