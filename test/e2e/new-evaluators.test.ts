/**
 * Issue 17 in real Chromium against the built app and a real worker: a user adds one of the new
 * evaluators (drift.hellinger) to the demo fraud notebook from the cell's evaluator picker, runs
 * only that cell and sees its per-feature result under it; run alone, the demo lead-scoring
 * notebook's segments.weak cell names the `strategic` tier.
 */
import { expect, it } from "vitest";
import { DEMO, screenshot } from "./browser";
import { describeE2e, e2eSession } from "./suite";

const ISSUE_17_IDS = [
  "drift.hellinger", "drift.tvd", "drift.anderson", "drift.cramervonmises", "drift.energy", "drift.mmd", "drift.fisher", "drift.auto",
  "drift.reconstruction", "drift.classifier", "data.summary", "quality.business_value", "quality.fairness", "quality.ranking",
  "quality.regression", "quality.calibration", "segments.weak", "text.descriptors",
];

describeE2e("new evaluators", "the new evaluators from a user's seat", () => {
  const s = e2eSession({
    worker: { queue: "e2e-breadth" },
    watchPage: (page, pageErrors) =>
      page.on("response", (r) => {
        if (r.status() >= 400) pageErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
      }),
  });

  it("adds a drift.hellinger cell from the evaluator picker, runs it and shows its result under the cell", async () => {
    const nb = await s.db.prisma.notebook.findFirstOrThrow({ where: { title: "Fraud risk: skew and drift" } });
    // The picker fills from evaluators.list.
    const listed = s.page.waitForResponse((r) => r.url().includes("evaluators.list") && r.ok());
    await s.page.goto(`${s.server.url}/w/${DEMO.workspace}/models/fraud-risk/notebooks/${nb.id}`);
    await listed;
    await s.page.getByTestId("notebook-cell").first().waitFor();
    const cellsBefore = await s.page.getByTestId("notebook-cell").count();

    // Until the list is in the editor's state "+ evaluator" says it is still loading and adds nothing.
    const addEvaluator = async () => {
      const n = await s.page.getByTestId("notebook-cell").count();
      if (n === cellsBefore) await s.page.getByRole("button", { name: "+ evaluator" }).last().click();
      return n;
    };
    await expect.poll(addEvaluator, { timeout: 15_000, interval: 1_000 }).toBe(cellsBefore + 1);
    const cell = s.page.getByTestId("notebook-cell").last();
    const picker = cell.getByLabel("Evaluator", { exact: true });
    await expect.poll(() => picker.locator("option").allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringContaining("drift.hellinger"));
    // every evaluator the issue names can be picked in a new cell
    const offered = await picker.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(ISSUE_17_IDS.filter((id) => !offered.includes(id))).toEqual([]);
    await picker.selectOption("drift.hellinger");
    // Its settings form renders from the plugin's config schema.
    await expect.poll(() => cell.textContent()).toMatch(/Hellinger/i);
    // No feature ticked: every feature of the contract.
    await expect.poll(() => s.page.getByTestId("save-state").getAttribute("data-state"), { timeout: 15_000 }).toBe("saved");
    const cellId = await cell.getAttribute("data-cell-id");
    const saved = await s.db.prisma.notebook.findUniqueOrThrow({ where: { id: nb.id } });
    expect(saved.cells).toContain('"pluginId":"drift.hellinger"');

    await cell.getByRole("button", { name: "Run cell" }).click();
    const output = cell.getByTestId("cell-output");
    await expect
      .poll(async () => `${await output.getAttribute("data-state")} ${await output.textContent()}`, { timeout: 150_000, interval: 500 })
      .toMatch(/^fresh .*a partial run/);
    const table = cell.getByTestId("column-table");
    await table.waitFor();
    expect(await table.textContent()).toMatch(/txn_amount/);
    expect(await table.textContent()).toMatch(/txn_sum_30d/);
    const run = await s.db.prisma.run.findFirstOrThrow({ where: { notebookId: nb.id }, orderBy: { createdAt: "desc" } });
    expect(run.cellIds).toBe(JSON.stringify([cellId]));
    await cell.scrollIntoViewIfNeeded();
    await screenshot(s.page, "new-evaluator-hellinger-1280");
  }, 200_000);

  it("shows the demo lead-scoring segments.weak cell naming the strategic tier", async () => {
    const nb = await s.db.prisma.notebook.findFirstOrThrow({ where: { title: "Lead scoring: quality per account tier" } });
    const url = `${s.server.url}/w/${DEMO.workspace}/models/lead-scoring/notebooks/${nb.id}`;
    const weak = () => s.page.locator('[data-testid="notebook-cell"][data-cell-id="weak"]');
    await s.page.goto(url);
    await weak().getByRole("button", { name: "Run cell" }).click();
    const output = weak().getByTestId("cell-output");
    await expect
      .poll(async () => `${await output.getAttribute("data-state")} ${await output.textContent()}`, { timeout: 170_000, interval: 1_000 })
      .toMatch(/^fresh .*a partial run/);
    expect(await output.textContent()).toMatch(/strategic/);
    // the finding in plain words, under the table (not only in its scrolled-off Notes column)
    expect(await weak().getByTestId("result-notes").textContent()).toMatch(/leads with account_tier = strategic: roc_auc 0\.\d\d \(95% CI .*\) vs 0\.\d\d elsewhere at similar scores, [\d,]+ leads/);
    await weak().scrollIntoViewIfNeeded();
    await screenshot(s.page, "new-evaluator-weak-segments-1280");
    expect(s.pageErrors).toEqual([]);
  }, 200_000);
});
