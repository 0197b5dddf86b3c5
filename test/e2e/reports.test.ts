/**
 * Reports in real Chromium against the built app: create a report from a finished fraud run,
 * attach the fraud model's runbook, share a link that opens signed out (noindex, nothing else
 * reachable), download HTML (opens from file:// with its charts) and PDF (pdftotext has the
 * summary's numbers), then revoke — and expire — the link: the same 404 as an unknown token.
 * The run's markdown cell and the narrative hold hostile markdown (a form posting elsewhere, a
 * stylesheet, a position:fixed overlay, an external image): every view shows its text only.
 * Screenshots land in test-results/ (1280 px and 390 px wide).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { HOSTILE_MARKDOWN, insertFinishedRun } from "../integration/reports/seed-run";
import { DEMO, launchBrowser, screenshot, screenshotBothWidths, signIn, type Browser } from "./browser";
import { describeE2e, e2eSession } from "./suite";

describeE2e("reports", "reports in the browser", () => {
  let anon: BrowserContext;
  let anonBrowser: Browser | undefined;
  let runId = "";
  let reportId = "";
  let shareUrl = "";
  const externalRequests: string[] = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), "rep-e2e-"));

  const s = e2eSession({
    beforeStart: async (db) => {
      const ws = await db.prisma.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspace } });
      const model = await db.prisma.model.findUniqueOrThrow({ where: { workspaceId_slug: { workspaceId: ws.id, slug: "fraud-risk" } } });
      runId = (await insertFinishedRun(db.prisma, ws.id, model.id, { markdown: HOSTILE_MARKDOWN })).runId;
    },
    watchPage: (page) =>
      page.on("request", (r) => {
        if (r.url().includes("evil.example")) externalRequests.push(r.url());
      }),
    signIn: "none",
  });
  beforeAll(async () => {
    anonBrowser = await launchBrowser(); // a second profile: no session cookie at all
    anon = anonBrowser.context;
  });
  afterAll(() => anonBrowser?.close());

  /** In the rendered report: the hostile markdown's text is there, none of its machinery. */
  async function expectNeutralised(p: Page) {
    const found = await p.evaluate(() => {
      const report = document.querySelector("[data-report-id]")!;
      const all = [...report.querySelectorAll("*")];
      return {
        overlays: all.filter((e) => ["fixed", "sticky"].includes(getComputedStyle(e).position)).length,
        // in the user-written parts (markdown cells, narrative): the charts' SVGs carry their own <style>
        machinery: [...report.querySelectorAll(".eb-md")].reduce((n, md) => n + md.querySelectorAll("form, input, button, style, link, iframe, img:not([src^='data:'])").length, 0),
        markers: (report.textContent ?? "").split("OVERLAYMARKER").length - 1,
        visible: getComputedStyle(report).display !== "none",
      };
    });
    expect(found).toEqual({ overlays: 0, machinery: 0, markers: 2, visible: true });
  }

  it("creates a report from the finished run and attaches the fraud model's runbook", async () => {
    await signIn(s.page, s.server.url, DEMO.email, DEMO.password);
    await s.page.goto(s.url(`/w/${DEMO.workspace}/reports?run=${runId}`));
    await s.page.getByRole("button", { name: "Create report" }).click();
    await s.page.waitForURL(/\/reports\/[^/?]+$/, { timeout: 30_000 });
    reportId = new URL(s.page.url()).pathname.split("/").pop()!;
    const summary = s.page.getByTestId("leadership-summary");
    await summary.waitFor();
    const text = (await summary.textContent()) ?? "";
    expect(text).toContain("1 of 3 SLOs breached; training/serving skew found");
    expect(text).toContain("Training/serving skew on txn_sum_30d");
    expect(text).toContain("$0.83 per 1,000 correct predictions");
    await s.page.getByLabel(/When txn_sum_30d drifts or skews/).check();
    await s.page.getByLabel("Narrative (markdown)").fill(HOSTILE_MARKDOWN);
    await s.page.getByRole("button", { name: "Save report" }).click();
    await s.page.getByRole("heading", { name: "Runbooks", exact: true }).waitFor();
    await s.page.reload();
    await s.page.getByTestId("leadership-summary").waitFor();
    await expectNeutralised(s.page);
    await screenshotBothWidths(s.page, "report");
  }, 90_000);

  it("shares a link that opens signed out, shows this report only and sends noindex", async () => {
    await s.page.getByRole("button", { name: "Create share link" }).click();
    shareUrl = await s.page.getByTestId("share-url").inputValue();
    expect(shareUrl).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
    const ap = await anon.newPage();
    await ap.setViewportSize({ width: 1280, height: 900 });
    const res = await ap.goto(shareUrl.replace(/^https?:\/\/[^/]+/, s.server.url));
    expect(res?.status()).toBe(200);
    expect(res?.headers()["x-robots-tag"]).toContain("noindex");
    expect(await ap.locator('meta[name="robots"]').getAttribute("content")).toContain("noindex");
    expect(await ap.getByTestId("leadership-summary").textContent()).toContain("0.83");
    expect(await ap.locator("svg").count()).toBeGreaterThan(2);
    expect(await ap.locator("a[href^='/'], a[href*='/w/'], a[href*='/api/'], script, form").count()).toBe(0);
    await expectNeutralised(ap);
    await screenshot(ap, "share-1280");
    await ap.setViewportSize({ width: 390, height: 844 });
    await screenshot(ap, "share-390");
    // nothing else is reachable without an account
    for (const p of [`/api/trpc/report.list?input=${encodeURIComponent(JSON.stringify({ workspaceSlug: DEMO.workspace }))}`, "/api/v1/models", `/api/reports/${reportId}/export?format=html`])
      expect([401, 403, 404]).toContain((await ap.request.get(s.url(p))).status());
    const wsPage = await ap.goto(s.url(`/w/${DEMO.workspace}/reports/${reportId}`));
    expect(new URL(ap.url()).pathname).toBe("/sign-in");
    expect(wsPage?.status()).toBeLessThan(500);
    await ap.close();
  }, 60_000);

  it("downloads a standalone HTML file that opens from file:// with its charts, and a PDF with the summary's numbers", async () => {
    const html = await s.page.request.get(s.url(`/api/reports/${reportId}/export?format=html`));
    expect(html.status()).toBe(200);
    const body = await html.body();
    expect(body.length).toBeLessThan(1_000_000);
    const file = path.join(tmp, "report.html");
    writeFileSync(file, body);
    const offline = await anon.newPage();
    await offline.route(/^https?:/, (r) => r.abort()); // offline: nothing may load from a server
    await offline.goto(`file://${file}`);
    expect(await offline.locator("svg").count()).toBeGreaterThan(2);
    expect(await offline.getByTestId("leadership-summary").isVisible()).toBe(true);
    expect(body.toString()).toContain('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'');
    await expectNeutralised(offline);
    await screenshot(offline, "report-file-1280");
    await offline.close();

    const pdf = await s.page.request.get(s.url(`/api/reports/${reportId}/export?format=pdf`));
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    const pdfFile = path.join(tmp, "report.pdf");
    writeFileSync(pdfFile, await pdf.body());
    const text = execFileSync("pdftotext", ["-layout", pdfFile, "-"]).toString();
    for (const n of ["0.83", "$0.50", "$0.83", "62.0%", "0.61", "txn_sum_30d", "When txn_sum_30d drifts or skews"]) expect(text).toContain(n);
    expect(text).toMatch(/page 1 of \d+/);
    // the overlay's text stands where the markdown is, instead of covering every page
    const pages = text.split("\f").filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.filter((p) => p.includes("OVERLAYMARKER")).length).toBeLessThanOrEqual(2);
    expect(pages.filter((p) => p.includes("OVERLAYMARKER")).length).toBeLessThan(pages.length);
  }, 90_000);

  it("stops the link at once when revoked or expired, with the same 404 as an unknown token", async () => {
    const unknown = await s.page.request.get(s.url(`/share/${"A".repeat(43)}`));
    expect(unknown.status()).toBe(404);
    const unknownBody = await unknown.text();
    await s.page.getByRole("button", { name: "Revoke" }).first().click();
    await s.page.getByRole("dialog").getByRole("button", { name: "Revoke link" }).click();
    await s.page.getByText("revoked", { exact: true }).first().waitFor();
    const token = shareUrl.split("/share/")[1]!;
    const revoked = await s.page.request.get(s.url(`/share/${token}`));
    expect(revoked.status()).toBe(404);
    expect(await revoked.text()).toBe(unknownBody);

    await s.page.getByRole("button", { name: "Create share link" }).click();
    await expect.poll(() => s.page.getByTestId("share-url").inputValue(), { timeout: 10_000 }).not.toBe(shareUrl);
    const second = (await s.page.getByTestId("share-url").inputValue()).split("/share/")[1]!;
    expect((await s.page.request.get(s.url(`/share/${second}`))).status()).toBe(200);
    await s.db.prisma.shareLink.updateMany({ where: { reportId, revokedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await s.page.request.get(s.url(`/share/${second}`));
    expect(expired.status()).toBe(404);
    expect(await expired.text()).toBe(unknownBody);
    await s.page.reload();
    await screenshot(s.page, "report-links-1280");
    expect(s.pageErrors).toEqual([]);
    expect(externalRequests).toEqual([]);
  }, 60_000);
});
