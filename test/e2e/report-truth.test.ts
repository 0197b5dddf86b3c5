/**
 * Reports leadership can trust, in real Chromium at 1280 and 390 px: a report from a failed run and
 * one from a window without labels say "no data" and why (never "0 of 3 SLOs met"), the failed run
 * says so at the top; a per-tier SLO is judged per cohort; the PDF's widest table is whole in
 * pdftotext; every report page has no serious or critical axe-core violation.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import type { RunInput } from "@/server/reports/snapshot";
import { insertFinishedRun } from "../integration/reports/seed-run";
import { seriousA11yViolations } from "./axe";
import { DEMO, freePort, launchBrowser, screenshot } from "./browser";
import { describeE2e, e2eSession } from "./suite";

/** Every compute cell failed: the run has no result at all. */
function failEverything(run: RunInput) {
  run.status = "failed";
  for (const c of run.cells) if (c.type !== "markdown") Object.assign(c, { status: "failed", result: null, resultStatus: null, error: "worker lost while evaluating" });
}

/** A window without labels: quality has no AUC, and says why. */
function noLabels(run: RunInput) {
  const q = run.cells.find((c) => c.cellId === "quality")!;
  q.resultStatus = "n/a";
  q.result = { plugin: "quality.binary", version: "1.0.0", status: "n/a", n: { current: 5000, reference: null }, notes: ["no labelled rows with a finite score"], cohorts: [{ cohort: "all", status: "n/a", n: 0, metrics: { roc_auc: null, accuracy: null }, reasons: { roc_auc: "no labelled rows with a finite score", accuracy: "no labelled rows with a finite score" } }] };
}

/** Quality per account tier, strategic far below the "every tier" objective while the overall value meets it. */
function perTier(run: RunInput) {
  const q = run.cells.find((c) => c.cellId === "quality")!;
  const r = q.result as { cohorts: { cohort: string; status: string; n: number; metrics: Record<string, number> }[] };
  r.cohorts = [
    { cohort: "all", status: "pass", n: 4000, metrics: { roc_auc: 0.84, accuracy: 0.9 } },
    { cohort: "account_tier=smb", status: "pass", n: 2500, metrics: { roc_auc: 0.86, accuracy: 0.9 } },
    { cohort: "account_tier=strategic", status: "fail", n: 120, metrics: { roc_auc: 0.51, accuracy: 0.7 } },
  ];
}

describeE2e("report truth", "report truth in the browser", () => {
  const runs: Record<string, string> = {};
  let trendNotebook = "";
  const reports: Record<string, string> = {};
  const tmp = mkdtempSync(path.join(os.tmpdir(), "truth-e2e-"));
  // APP_URL says localhost while the browser opens 127.0.0.1: sign-in must still work
  let port = 0;

  const s = e2eSession({
    beforeStart: async (db) => {
      const ws = await db.prisma.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspace } });
      const model = (slug: string) => db.prisma.model.findUniqueOrThrow({ where: { workspaceId_slug: { workspaceId: ws.id, slug } } });
      const fraud = await model("fraud-risk");
      const lead = await model("lead-scoring");
      const first = await insertFinishedRun(db.prisma, ws.id, fraud.id, { auc: 0.88 });
      trendNotebook = first.notebookId;
      await db.prisma.notebook.update({ where: { id: trendNotebook }, data: { cells: JSON.stringify([{ id: "quality", type: "evaluator", title: "Quality per cohort", pluginId: "quality.binary", config: {} }]) } });
      runs.healthy = (await insertFinishedRun(db.prisma, ws.id, fraud.id, { notebookId: trendNotebook })).runId;
      runs.failed = (await insertFinishedRun(db.prisma, ws.id, fraud.id, { mutate: failEverything })).runId;
      runs.noLabels = (await insertFinishedRun(db.prisma, ws.id, fraud.id, { mutate: noLabels })).runId;
      runs.perTier = (await insertFinishedRun(db.prisma, ws.id, lead.id, { mutate: perTier })).runId;
      // 70 older changes: the audit trail shows 50, then loads the rest
      await db.prisma.auditEvent.createMany({
        data: Array.from({ length: 70 }, (_, i) => ({ workspaceId: ws.id, modelId: fraud.id, actorLabel: "bulk@acme.example", action: "model.updated", changes: JSON.stringify({ description: [`d${i}`, `d${i + 1}`] }), createdAt: new Date(Date.UTC(2025, 0, 1, 0, i)) })),
      });
      port = await freePort();
    },
    server: () => ({ port, env: { APP_URL: `http://localhost:${port}` } }),
    afterStart: async ({ server }) => {
      expect(server.url).toBe(`http://127.0.0.1:${port}`);
    },
    signIn: "form",
  });

  async function createReport(run: string): Promise<string> {
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.page.goto(s.url(`/w/${DEMO.workspace}/reports?run=${run}`));
    await s.page.getByRole("button", { name: "Create report" }).click();
    await s.page.waitForURL(/\/reports\/[^/?]+$/, { timeout: 30_000 });
    await s.page.getByTestId("leadership-summary").waitFor();
    return new URL(s.page.url()).pathname.split("/").pop()!;
  }

  async function summaryAt(width: number, name: string): Promise<string> {
    await s.page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await screenshot(s.page, `${name}-${width}`);
    const violations = await seriousA11yViolations(s.page);
    expect(violations, `${name} at ${width} px: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    return (await s.page.getByTestId("leadership-summary").textContent()) ?? "";
  }

  it("a report from a failed run says so at the top and calls the SLOs 'no data', not unmet", async () => {
    reports.failed = await createReport(runs.failed!);
    for (const width of [1280, 390]) {
      const text = await summaryAt(width, "report-failed-run");
      expect(text).toContain("Overall: no data");
      expect(text).toContain("Card fraud risk score: the run failed; no data for any of its 3 SLOs.");
      expect(text).not.toMatch(/\d+ of \d+ SLOs met/);
      expect(await s.page.getByTestId("run-notice").textContent()).toMatch(/^Run: failed This run failed: .*worker lost while evaluating/);
      // the notice stands above the headline
      const [notice, headline] = await Promise.all([s.page.getByTestId("run-notice").boundingBox(), s.page.locator(".eb-headline").boundingBox()]);
      expect(notice!.y).toBeLessThan(headline!.y);
    }
  }, 120_000);

  it("a report from a window without labels names the SLO without data and why, and judges the others", async () => {
    reports.noLabels = await createReport(runs.noLabels!);
    for (const width of [1280, 390]) {
      const text = await summaryAt(width, "report-no-labels");
      expect(text).toContain('SLO "AUC ≥ 0.85" has no data: Quality per cohort: no labelled rows with a finite score.');
      expect(text).toMatch(/2 of 3 SLOs met, 1 without data/);
      expect(text).not.toContain('"AUC ≥ 0.85" is breached');
    }
  }, 120_000);

  it("judges the lead-scoring SLO 'for every tier' on each tier: strategic breaches it", async () => {
    reports.perTier = await createReport(runs.perTier!);
    for (const width of [1280, 390]) {
      const text = await summaryAt(width, "report-per-tier-slo");
      expect(text).toContain(`SLO "AUC ≥ 0.80 for every tier" is breached (it must hold for every cohort): account_tier 'strategic' at 0.51 (target ≥ 0.80; 0.84 overall).`);
      expect(text).toContain("every cohort");
      expect(text).toContain("Overall: failing");
    }
    // the inventory states the scope as part of the SLO
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models/lead-scoring`));
    const row = s.page.locator("#slos tr", { hasText: "AUC ≥ 0.80 for every tier" });
    expect(await row.textContent()).toContain("every cohort");
  }, 120_000);

  it("prints the widest table whole: no column cut at the page edge", async () => {
    reports.healthy = await createReport(runs.healthy!);
    // In print layout at the A4 printable width, no table is wider than its box.
    await s.page.emulateMedia({ media: "print" });
    await s.page.setViewportSize({ width: 700, height: 1000 });
    const overflowing = await s.page.evaluate(() =>
      [...document.querySelectorAll(".eb-report table")].filter((t) => t.getBoundingClientRect().right > document.querySelector(".eb-report")!.getBoundingClientRect().right + 1).length,
    );
    expect(overflowing).toBe(0);
    await s.page.emulateMedia({ media: "screen" });
    const pdf = await s.page.request.get(s.url(`/api/reports/${reports.healthy}/export?format=pdf`));
    expect(pdf.status()).toBe(200);
    const file = path.join(tmp, "report.pdf");
    writeFileSync(file, await pdf.body());
    const text = execFileSync("pdftotext", [file, "-"]).toString().replace(/\s+/g, " ");
    // The widest table (most columns), read from the page: every cell's text is in the PDF, every header word too.
    await s.page.setViewportSize({ width: 1280, height: 900 });
    const widest = await s.page.evaluate(() => {
      const tables = [...document.querySelectorAll(".eb-report table")];
      const t = tables.sort((a, b) => b.querySelectorAll("thead th").length - a.querySelectorAll("thead th").length)[0]!;
      const clean = (e: Element) => (e.textContent ?? "").replace(/\s+/g, " ").trim();
      return { columns: t.querySelectorAll("thead th").length, heads: [...t.querySelectorAll("thead th")].map(clean), cells: [...t.querySelectorAll("tbody td")].map(clean).filter(Boolean) };
    });
    expect(widest.columns).toBeGreaterThanOrEqual(9);
    for (const cell of widest.cells) expect(text, `cell "${cell}"`).toContain(cell);
    for (const word of widest.heads.flatMap((h) => h.split(" "))) expect(text, `header word "${word}"`).toContain(word);
    // the skew note (the last column of the per-feature table) is whole
    expect(text).toContain("serving ≈ 0.233 × training on 97.0% of joined rows: likely a feature definition bug");
    expect(text).toContain("$0.83 / 1k");
  }, 120_000);

  it("keeps chart text readable on a phone, tables scroll inside labelled regions", async () => {
    await s.page.setViewportSize({ width: 390, height: 844 });
    await s.page.goto(s.url(`/w/${DEMO.workspace}/reports/${reports.healthy}`));
    await s.page.getByTestId("leadership-summary").waitFor();
    const smallest = await s.page.evaluate(() => Math.min(...[...document.querySelectorAll(".eb-figure svg text")].map((t) => t.getBoundingClientRect().height).filter((h) => h > 0)));
    expect(smallest).toBeGreaterThanOrEqual(9);
    const violations = await seriousA11yViolations(s.page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await screenshot(s.page, "report-healthy-390");
    // the signed-out share page, too
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.page.getByRole("button", { name: "Create share link" }).click();
    const share = (await s.page.getByTestId("share-url").inputValue()).replace(/^https?:\/\/[^/]+/, s.server.url);
    const anon = await launchBrowser();
    try {
      const ap = await anon.newPage({ width: 390, height: 844 });
      await ap.goto(share);
      await ap.getByTestId("leadership-summary").waitFor();
      const shared = await seriousA11yViolations(ap);
      expect(shared, JSON.stringify(shared, null, 1)).toEqual([]);
      await screenshot(ap, "share-healthy-390");
    } finally {
      await anon.close();
    }
    expect(s.pageErrors).toEqual([]);
  }, 120_000);

  it("has no serious or critical axe-core violation on any page, at 1280 and 390 px", async () => {
    const nb = await s.db.prisma.notebook.findFirstOrThrow({ where: { model: { slug: "fraud-risk" }, title: { not: "Weekly health check" } } });
    const pages = [
      `/w/${DEMO.workspace}`,
      `/w/${DEMO.workspace}/models`,
      `/w/${DEMO.workspace}/models/fraud-risk`,
      `/w/${DEMO.workspace}/models/lead-scoring`,
      `/w/${DEMO.workspace}/notebooks`,
      `/w/${DEMO.workspace}/models/fraud-risk/notebooks/${nb.id}`,
      `/w/${DEMO.workspace}/models/fraud-risk/notebooks/${nb.id}/trends`,
      `/w/${DEMO.workspace}/runs/${runs.healthy}`,
      `/w/${DEMO.workspace}/reports`,
      `/w/${DEMO.workspace}/reports/${reports.healthy}`,
      `/w/${DEMO.workspace}/incidents`,
      `/w/${DEMO.workspace}/api`,
      `/w/${DEMO.workspace}/settings/api-keys`,
      `/w/${DEMO.workspace}/settings/members`,
      `/w/${DEMO.workspace}/settings/notifications`,
    ];
    const found: Record<string, unknown> = {};
    // Each page is loaded once and checked at both widths: the layout is responsive CSS, so the
    // phone width is a resize, not a second load.
    for (const p of pages) {
      await s.page.setViewportSize({ width: 1280, height: 900 });
      await s.page.goto(s.url(p));
      await s.page.waitForLoadState("networkidle").catch(() => {});
      for (const width of [1280, 390]) {
        if (width !== 1280) {
          await s.page.setViewportSize({ width, height: 844 });
          // charts redraw for the new width (a ResizeObserver): let them settle before axe reads the page
          await s.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        }
        const v = await seriousA11yViolations(s.page);
        if (v.length) found[`${p} @${width}`] = v;
      }
    }
    expect(found, JSON.stringify(found, null, 1)).toEqual({});
  }, 300_000);

  it("shows each model's latest run in the inventory, loads older audit entries, and deletes a model after confirmation", async () => {
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models`));
    expect(await s.page.getByTestId("last-run-lead-scoring").textContent()).toBe("Result:fail");
    expect(await s.page.getByTestId("last-run-product-recs").textContent()).toBe("no run yet");

    await s.page.goto(s.url(`/w/${DEMO.workspace}/models/fraud-risk`));
    const trail = s.page.getByTestId("audit-trail");
    const before = await trail.locator("li[data-action]").count();
    expect(before).toBe(50);
    await s.page.getByRole("button", { name: "Load older changes" }).click();
    await expect.poll(() => trail.locator("li[data-action]").count(), { timeout: 15_000 }).toBeGreaterThan(70);
    await s.page.getByText("That is the whole audit trail.").waitFor();
    // the words for unlisted versions
    expect(await s.page.locator("#overview").textContent()).toContain("Predictions from unlisted versions");

    await s.page.goto(s.url(`/w/${DEMO.workspace}/models/product-recs/edit`));
    await s.page.getByRole("button", { name: "Delete model…" }).click();
    const dialog = s.page.getByRole("dialog");
    expect(await dialog.textContent()).toContain("product-recs");
    await dialog.getByRole("button", { name: "Delete model" }).click();
    await s.page.waitForURL(/\/models$/, { timeout: 20_000 });
    expect(await s.db.prisma.model.count({ where: { slug: "product-recs" } })).toBe(0);
    expect(await s.page.getByTestId("last-run-product-recs").count()).toBe(0);
    await screenshot(s.page, "inventory-after-delete-1280");
  }, 120_000);

  it("draws trends with readable dates, the SLO target, labels people read and dots in their legend colours; traffic per day with axes", async () => {
    for (const width of [1280, 390]) {
      await s.page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      await s.page.goto(s.url(`/w/${DEMO.workspace}/models/fraud-risk/notebooks/${trendNotebook}/trends?cell=quality&metric=roc_auc`));
      const chart = s.page.locator("section[aria-label='Trend chart']");
      await chart.locator("svg[viewBox]").first().waitFor({ timeout: 20_000 });
      expect(await s.page.getByTestId("trend-slo").first().textContent()).toContain("SLO “AUC ≥ 0.85”");
      const ticks = await chart.locator("g[aria-label='x-axis tick label'] text").allTextContents();
      expect(ticks.length).toBeGreaterThan(1);
      expect(new Set(ticks).size, ticks.join(" | ")).toBe(ticks.length);
      for (const t of ticks) expect(t).toMatch(/^([A-Z][a-z]{2} \d{1,2}( \d\d:\d\d)?|\d\d:\d\d:\d\d)$/);
      const texts = (await chart.locator("svg").allTextContents()).join(" ");
      expect(texts).toContain("SLO ≥ 0.85");
      expect(texts).toContain("AUC");
      expect(texts).not.toContain("roc_auc");
      // every dot is filled with a colour the legend shows
      const { legend, dots } = await chart.evaluate((el) => ({
        legend: [...el.querySelectorAll("[class$='-swatch'] svg")].map((s) => s.getAttribute("fill")),
        dots: [...new Set([...el.querySelectorAll("g[aria-label='dot'] circle")].map((c) => c.getAttribute("fill") ?? c.parentElement?.getAttribute("fill")).filter((f) => f && f !== "none"))],
      }));
      expect(dots.length).toBeGreaterThan(0);
      for (const d of dots) expect(legend).toContain(d);
      await screenshot(s.page, `trends-${width}`);
    }
    await s.page.setViewportSize({ width: 1280, height: 900 });
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models/fraud-risk`));
    const daily = s.page.getByTestId("daily-predictions-chart");
    await daily.locator("svg").first().waitFor({ timeout: 20_000 });
    const dailyTicks = await daily.locator("g[aria-label='x-axis tick label'] text").allTextContents();
    expect(dailyTicks.length).toBeGreaterThan(1);
    for (const t of dailyTicks) expect(t).toMatch(/^[A-Z][a-z]{2} \d{1,2}$/);
    expect(await daily.locator("g[aria-label='y-axis tick label'] text").count()).toBeGreaterThan(1);
  }, 120_000);
});
