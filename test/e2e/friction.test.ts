/**
 * Issue 13's friction in real Chromium, 1280 and 390 px: cron checked while typing, a time zone
 * typed and checked against the list, inverted warn/fail lines flagged on the cell, a notebook with
 * an invalid cell refuses to run (naming the cell and why) instead of queueing a run that fails,
 * and a notebook deleted from the UI after confirmation.
 */
import { expect, it } from "vitest";
import { DEMO, screenshot } from "./browser";
import { describeE2e, e2eSession } from "./suite";

describeE2e("friction", "the rough edges a new user hits", () => {
  let notebookId = "";
  let notebookUrl = "";

  const s = e2eSession({
    beforeStart: async (db) => {
      const nb = await db.prisma.notebook.findFirstOrThrow({ where: { title: "Product recs: the holiday shift" } });
      notebookId = nb.id;
      // the ranking cell: warn line stricter than its fail line (0.30 warns only below the 0.35 failure)
      const cells = (JSON.parse(nb.cells) as { id: string; config?: Record<string, unknown> }[]).map((c) => (c.id === "ranking" ? { ...c, config: { ...c.config, failBelow: 0.35, warnBelow: 0.3 } } : c));
      await db.prisma.notebook.update({ where: { id: nb.id }, data: { cells: JSON.stringify(cells) } });
    },
    afterStart: async ({ server }) => {
      notebookUrl = `${server.url}/w/${DEMO.workspace}/models/product-recs/notebooks/${notebookId}`;
    },
  });

  it("checks cron and time zone while typing, at 1280 and 390 px", async () => {
    for (const width of [1280, 390]) {
      await s.page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      await s.page.goto(notebookUrl);
      await s.page.locator("#schedule").getByRole("button", { name: "Schedule" }).click();
      const cron = s.page.locator("#schedule-cron");
      await cron.fill("0 9 * *");
      await expect.poll(() => s.page.locator("#schedule").textContent()).toContain("this one has 4");
      expect(await s.page.getByRole("button", { name: "Save schedule" }).isDisabled()).toBe(true);
      await cron.fill("0 9 * * 1");
      await s.page.getByTestId("schedule-preview").waitFor();
      const tz = s.page.locator("#schedule-tz");
      await tz.fill("Mars/Olympus");
      await expect.poll(() => s.page.locator("#schedule").textContent()).toContain('"Mars/Olympus" is not a time zone');
      expect(await s.page.getByRole("button", { name: "Save schedule" }).isDisabled()).toBe(true);
      // searchable: the field offers the zones as a list to type into
      expect(await s.page.locator('#schedule-tz-list option[value="Europe/Berlin"]').count()).toBe(1);
      await tz.fill("Europe/Berlin");
      await expect.poll(() => s.page.locator("#schedule").textContent()).not.toContain("is not a time zone");
      await screenshot(s.page, `friction-schedule-${width}`);
    }
  }, 90_000);

  it("flags inverted thresholds on the cell and refuses to run a notebook with an invalid cell", async () => {
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.page.goto(notebookUrl);
    const ranking = s.page.locator('[data-testid="notebook-cell"][data-cell-id="ranking"]');
    await ranking.getByRole("button", { name: "Edit" }).click();
    const flag = ranking.getByTestId("inverted-threshold");
    await flag.waitFor();
    expect(await flag.textContent()).toMatch(/warnBelow \(0\.3\) is past failBelow \(0\.35\).*should be above the fail line/);

    // k must be a positive integer: the evaluator rejects -1
    const nb = await s.db.prisma.notebook.findUniqueOrThrow({ where: { id: notebookId } });
    const cells = (JSON.parse(nb.cells) as { id: string; config?: Record<string, unknown> }[]).map((c) => (c.id === "ranking" ? { ...c, config: { ...c.config, k: -1 } } : c));
    await s.db.prisma.notebook.update({ where: { id: notebookId }, data: { cells: JSON.stringify(cells) } });
    const runsBefore = await s.db.prisma.run.count({ where: { notebookId } });
    await s.page.goto(notebookUrl);
    await s.page.getByRole("button", { name: "Run notebook" }).click();
    const toast = s.page.locator('[data-toast="error"]');
    await toast.waitFor();
    expect(await toast.textContent()).toMatch(/Fix “Ranking quality \(NDCG@10 on clicks\)” first — its settings are invalid: .*k/);
    expect(await s.db.prisma.run.count({ where: { notebookId } })).toBe(runsBefore);
    await screenshot(s.page, "friction-invalid-cell-1280");
  }, 60_000);

  it("deletes a notebook from the UI after confirmation", async () => {
    await s.page.goto(notebookUrl);
    await s.page.getByRole("button", { name: "Delete notebook…" }).click();
    const dialog = s.page.getByRole("dialog");
    expect(await dialog.textContent()).toContain("Reports already made from its runs stay.");
    await dialog.getByRole("button", { name: "Delete notebook" }).click();
    await s.page.waitForURL(/\/models\/product-recs\/notebooks$/, { timeout: 20_000 });
    expect(await s.db.prisma.notebook.count({ where: { id: notebookId } })).toBe(0);
    // the page's last refetch of the deleted notebook answers 404 while it navigates away; nothing else
    expect(s.pageErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  }, 60_000);
});
