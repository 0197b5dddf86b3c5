/**
 * Issue 19 in real Chromium against the built app and a real worker: on the demo fraud notebook,
 * run only the skew cell with Shift+Enter, see its finding under the cell without leaving the page,
 * change its config and see the result marked stale (with what changed). 1280 px, then 390 px.
 */
import { expect, it } from "vitest";
import { DEMO, screenshot } from "./browser";
import { describeE2e, e2eSession } from "./suite";

describeE2e("notebook cells", "a notebook that feels like a notebook", () => {
  let notebookUrl = "";
  let notebookId = "";
  const s = e2eSession({
    worker: { queue: "e2e-cells" },
    afterStart: async ({ db, server }) => {
      const nb = await db.prisma.notebook.findFirstOrThrow({ where: { title: "Fraud risk: skew and drift" } });
      notebookId = nb.id;
      notebookUrl = `${server.url}/w/${DEMO.workspace}/models/fraud-risk/notebooks/${nb.id}`;
    },
  });

  const skew = () => s.page.locator('[data-testid="notebook-cell"][data-cell-id="skew"]');

  it("runs only the skew cell with Shift+Enter and shows its finding under the cell", async () => {
    await s.page.goto(notebookUrl);
    await skew().waitFor();
    const runsBefore = await s.db.prisma.run.count({ where: { notebookId } });
    await skew().focus();
    await s.page.keyboard.press("Shift+Enter");

    // The partial run is queued (behind the seed's runs) and its result lands under the cell.
    const output = skew().getByTestId("cell-output");
    await expect.poll(async () => `${await output.getAttribute("data-state")} ${await output.textContent()}`, { timeout: 150_000, interval: 500 }).toMatch(/^fresh .*a partial run/);
    expect(s.page.url()).toBe(notebookUrl);
    const runs = await s.db.prisma.run.findMany({ where: { notebookId }, orderBy: { createdAt: "desc" } });
    expect(runs.length).toBe(runsBefore + 1);
    expect(runs[0]!.cellIds).toBe(JSON.stringify(["skew"]));
    expect(await s.db.prisma.runCell.count({ where: { runId: runs[0]!.id } })).toBe(1);

    // The finding: txn_sum_30d is computed differently online than in the batch pipeline.
    const table = skew().getByTestId("column-table");
    await table.waitFor();
    expect(await table.textContent()).toMatch(/txn_sum_30d.*likely a feature definition bug/s);
    expect(await output.textContent()).not.toContain("stale");
    await screenshot(s.page, "notebook-cell-result-1280");
  }, 180_000);

  it("marks the result stale, saying what changed, after the cell's config changes; Esc leaves the editor", async () => {
    await skew().getByRole("button", { name: "Edit" }).click();
    const field = skew().getByLabel("Mismatch warn");
    await field.fill("0.2");
    await expect.poll(() => s.page.getByTestId("save-state").getAttribute("data-state"), { timeout: 15_000 }).toBe("saved");
    // While editing: what the cell will do, the typed threshold against the last result, and a warn line past the fail line.
    expect(await skew().getByTestId("cell-preview").textContent()).toContain("txn_sum_30d");
    // The columns resolved from the contract and the cell's reference baseline (batch-recompute).
    // (only feature columns count: the baseline's request id or prediction columns are not "missing from the contract")
    expect(await skew().getByTestId("cell-columns").textContent()).toBe("4 columns: txn_amount, txn_sum_30d, txn_count_7d, merchant_category");
    await expect.poll(() => skew().getByTestId("threshold-preview").allTextContents(), { timeout: 5_000 }).toContainEqual(expect.stringMatching(/^With mismatchWarn 0\.2, \d of 4 features would warn/));
    expect(await skew().getByTestId("inverted-threshold").textContent()).toContain("mismatchWarn (0.2) is past mismatchFail (0.05)");
    await skew().getByTestId("stale-mark").waitFor({ timeout: 20_000 });
    expect(await skew().getByTestId("stale-reasons").textContent()).toContain("config mismatchWarn: unset → 0.2");
    // The result sits below the open editor; a line above it says what it is, stale included.
    expect(await skew().getByTestId("editing-result-line").textContent()).toMatch(/Last result:.*stale.*from a partial run/);

    await field.press("Escape");
    await skew().getByRole("button", { name: "Edit" }).waitFor();
    expect(await s.page.evaluate(() => document.activeElement?.getAttribute("data-cell-id"))).toBe("skew");
    // ↓ moves to the next cell; "?" lists the shortcuts.
    await s.page.keyboard.press("ArrowDown");
    expect(await s.page.evaluate(() => document.activeElement?.getAttribute("data-cell-id"))).toBe("drift");
    await s.page.keyboard.press("?");
    await s.page.getByTestId("shortcut-sheet").waitFor();
    expect(await s.page.getByTestId("shortcut-sheet").textContent()).toContain("Run the focused cell");
    await s.page.keyboard.press("Escape");
    await screenshot(s.page, "notebook-cell-stale-1280");
  }, 60_000);

  it("tunes the threshold without leaving the page: edit, Shift+Enter in the field, the result refreshes and is no longer stale", async () => {
    await skew().getByRole("button", { name: "Edit" }).click();
    const field = skew().getByLabel("Mismatch warn");
    await field.fill("0.01");
    await expect.poll(() => skew().getByTestId("stale-reasons").textContent(), { timeout: 20_000 }).toContain("config mismatchWarn: unset → 0.01");
    const runsBefore = await s.db.prisma.run.count({ where: { notebookId } });
    await field.press("Shift+Enter");
    const output = skew().getByTestId("cell-output");
    await expect.poll(async () => `${await output.getAttribute("data-state")} ${await s.db.prisma.run.count({ where: { notebookId } })}`, { timeout: 150_000, interval: 500 }).toBe(`fresh ${runsBefore + 1}`);
    expect(await skew().getByTestId("stale-mark").count()).toBe(0);
    expect(await skew().getByTestId("editing-result-line").textContent()).not.toContain("stale");
    // The new result was computed with the typed threshold, and the field kept its focus.
    const latest = await s.db.prisma.run.findFirstOrThrow({ where: { notebookId }, orderBy: { createdAt: "desc" }, include: { cells: true } });
    expect(JSON.parse(latest.cells[0]!.config)).toMatchObject({ mismatchWarn: 0.01 });
    expect(await field.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(s.page.url()).toBe(notebookUrl);
    await screenshot(s.page, "notebook-cell-rerun-1280");

    // ▶ is disabled while the run is queued (which drops its focus): the focus goes back to the cell.
    await skew().getByRole("button", { name: "Run cell" }).click();
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.getAttribute("data-cell-id")), { timeout: 15_000 }).toBe("skew");
    await expect.poll(async () => `${await output.getAttribute("data-state")} ${await s.db.prisma.run.count({ where: { notebookId } })}`, { timeout: 150_000, interval: 500 }).toBe(`fresh ${runsBefore + 2}`);

    // Ctrl+S saves now; the compact view turns every result into one summary line.
    await field.fill("0.02");
    await s.page.keyboard.press("Control+s");
    await s.page.getByText("Saved.", { exact: true }).waitFor({ timeout: 15_000 });
    expect((await s.db.prisma.notebook.findUniqueOrThrow({ where: { id: notebookId } })).cells).toContain('"mismatchWarn":0.02');
    await field.press("Escape");
    await s.page.getByRole("button", { name: "Compact results" }).click();
    expect(await skew().getByTestId("result-line").textContent()).toMatch(/^1 cohort · 4 features \(\d+ fail/);
    expect(await skew().getByTestId("column-table").count()).toBe(0);
    await s.page.getByRole("button", { name: "Expand results" }).click();
    await skew().getByTestId("column-table").waitFor();
  }, 180_000);

  it("fits a 390 px screen", async () => {
    await s.page.setViewportSize({ width: 390, height: 844 });
    await skew().scrollIntoViewIfNeeded();
    await screenshot(s.page, "notebook-cell-stale-390");
    const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await expect.poll(() => skew().getByTestId("stale-mark").isVisible()).toBe(true);
    expect(s.pageErrors).toEqual([]);
  }, 30_000);
});
