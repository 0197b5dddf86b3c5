/**
 * Issue 5 end to end, in real Chromium against the built app and a real worker process: the demo
 * fraud model gets a week of logged traffic (with a drifted txn_amount) and a training baseline
 * through the public HTTP API; the demo user creates a notebook from the "Weekly health check"
 * template, runs it, watches the progress, and the run page shows every cell's results per cohort
 * with charts (SVG). Screenshots land in test-results/ (1280 px and 390 px wide).
 */
import { beforeAll, expect, it } from "vitest";
import { DEMO, screenshot, screenshotBothWidths } from "./browser";
import { describeE2e, e2eSession } from "./suite";

// ── Demo traffic for fraud-risk ────────────────────────────────────────────

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const CATEGORIES = ["grocery", "travel", "electronics", "restaurants", "fuel", "online_retail", "gaming"];
const COUNTRIES = ["US", "GB", "DE", "FR", "BR", "IN"];

function row(r: () => number, drift: boolean) {
  const category = CATEGORIES[Math.floor(r() * CATEGORIES.length)]!;
  const amount = Math.round((drift ? 80 + r() * 400 : 20 + r() * 200) * 100) / 100; // current window: bigger tickets
  const sum30 = Math.round((500 + r() * 3000) * 100) / 100;
  const count7 = Math.floor(r() * 20);
  const risk = Math.min(1, Math.max(0, amount / 600 + (category === "gaming" ? 0.3 : 0) + (r() - 0.5) * 0.3));
  const label = r() < risk * 0.8 ? 1 : 0;
  return {
    features: { txn_amount: amount, txn_sum_30d: sum30, txn_count_7d: count7, account_age_days: Math.floor(r() * 2000), merchant_category: category, country: COUNTRIES[Math.floor(r() * COUNTRIES.length)]!, is_international: r() < 0.2 },
    score: Math.round(Math.min(0.999, Math.max(0.001, risk + (r() - 0.5) * 0.2)) * 1000) / 1000,
    label,
  };
}

function predictions(n: number, now: number) {
  const r = rng(42);
  return Array.from({ length: n }, (_, i) => {
    const x = row(r, true);
    return {
      requestId: `e2e-${i}`,
      timestamp: new Date(now - Math.floor(r() * 6.5 * 864e5) - 60_000).toISOString(),
      version: "v3.2",
      features: x.features,
      prediction: x.score,
      label: x.label,
      latencyMs: Math.round(20 + r() * 60 + (r() < 0.05 ? 200 : 0)),
      costUsd: 0.0004,
      cohort: { segment: r() < 0.7 ? "consumer" : "business" },
    };
  });
}

function baselineCsv(n: number): string {
  const r = rng(7);
  const head = "txn_amount,txn_sum_30d,txn_count_7d,account_age_days,merchant_category,country,is_international,prediction,label";
  const lines = Array.from({ length: n }, () => {
    const x = row(r, false);
    const f = x.features;
    return [f.txn_amount, f.txn_sum_30d, f.txn_count_7d, f.account_age_days, f.merchant_category, f.country, f.is_international, x.score, x.label].join(",");
  });
  return [head, ...lines].join("\n") + "\n";
}

// ── Processes ──────────────────────────────────────────────────────────────


describeE2e("notebooks", "notebooks in the browser", () => {
  const t0 = Date.now();
  const log = (what: string) => console.log(`[notebooks e2e] ${what} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const s = e2eSession({
    worker: { queue: "e2e-notebooks", readyTimeoutMs: 40_000 },
    beforeStart: async () => log("seeded"),
    afterStart: async ({ db, url }) => {
      log("server and worker up");
      // A week of traffic and a training baseline, through the public API with a fresh key.
      const { createApiKey } = await import("@/server/apikeys/keys");
      const ws = await db.prisma.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspace } });
      const key = await createApiKey(db.prisma, ws.id, { id: "e2e", label: "e2e" }, { name: "e2e traffic", scopes: ["ingest", "read", "run"] });
      const headers = { authorization: `Bearer ${key.secret}` };
      const res = await fetch(url("/api/v1/models/fraud-risk/predictions"), { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(predictions(2400, Date.now())) });
      const body = (await res.json()) as { accepted: number; rejected: unknown[] };
      expect(res.status, JSON.stringify(body).slice(0, 500)).toBeLessThan(300);
      expect(body.accepted).toBe(2400);
      const bl = await fetch(url("/api/v1/models/fraud-risk/baselines?name=training-2026q3"), { method: "POST", headers: { ...headers, "content-type": "text/csv" }, body: baselineCsv(3000) });
      expect(bl.status, await bl.clone().text()).toBeLessThan(300);
      log("traffic and baseline ingested");
    },
    timeoutMs: 180_000,
  });
  beforeAll(() => log("signed in"));

  let notebookUrl = "";

  it("creates a notebook from the Weekly health check template on the fraud model", async () => {
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models/fraud-risk`));
    await s.page.locator("#notebooks").getByRole("link", { name: "New notebook" }).click();
    await s.page.waitForURL(/\/notebooks\/new$/);
    await s.page.getByRole("radio", { name: /Weekly health check/ }).check();
    await Promise.all([s.page.waitForURL(/\/notebooks\/(?!new)[^/]+$/, { timeout: 20_000 }), s.page.getByRole("button", { name: "Create notebook" }).click()]);
    notebookUrl = s.page.url();
    await s.page.getByTestId("notebook-cell").first().waitFor();
    expect(await s.page.getByTestId("notebook-cell").count()).toBeGreaterThanOrEqual(5);
    await expect.poll(() => s.page.getByTestId("queue-health").isVisible(), { timeout: 10_000 }).toBe(true);
    await screenshot(s.page, "notebook-editor-1280");
  }, 60_000);

  it("runs it, shows live progress, and every cell finishes with results and charts", async () => {
    await Promise.all([s.page.waitForURL(/\/runs\/[^/]+$/, { timeout: 20_000 }), s.page.getByRole("button", { name: "Run notebook" }).click()]);
    await s.page.getByRole("progressbar", { name: "Run progress" }).waitFor();
    // Live progress: the page polls until no cell is queued or running.
    await expect
      .poll(async () => s.page.locator('[data-testid="run-cell"][data-status="queued"], [data-testid="run-cell"][data-status="running"]').count(), { timeout: 45_000, interval: 500 })
      .toBe(0);
    const statuses = await s.page.getByTestId("run-cell").evaluateAll((els) => els.map((e) => `${e.querySelector("h2")?.textContent}: ${e.getAttribute("data-status")} ${e.querySelector('[role="alert"]')?.textContent ?? ""}`));
    expect(statuses.filter((line) => !line.includes(": succeeded")), statuses.join("\n") + "\n" + s.worker.output().slice(-3000)).toEqual([]);
    expect(await s.page.getByTestId("cohort-table").count()).toBeGreaterThanOrEqual(3);
    await s.page.locator('[data-testid="result-charts"] svg').first().waitFor({ timeout: 10_000 });
    expect(await s.page.locator('[data-testid="result-charts"] svg').count()).toBeGreaterThan(3);
    // Drift on txn_amount is found and drawn.
    expect(await s.page.getByTestId("column-table").first().textContent()).toContain("txn_amount");
    expect(await s.page.getByTestId("run-progress-text").textContent()).toMatch(/(\d+) of \1 cells finished/);
    await screenshotBothWidths(s.page, "notebook-run");
  }, 60_000);

  it("shows the trend of a metric across runs and schedules the notebook weekly", async () => {
    await s.page.goto(`${notebookUrl}/trends`);
    await s.page.getByTestId("trend-chart").locator("svg").first().waitFor({ timeout: 15_000 });
    await s.page.goto(notebookUrl);
    await s.page.locator("#schedule").getByRole("button", { name: "Schedule" }).click();
    await s.page.getByRole("button", { name: "Weekly, Monday 09:00" }).click();
    await s.page.getByTestId("schedule-preview").waitFor();
    expect(await s.page.getByTestId("schedule-preview").textContent()).toContain("Monday");
    await s.page.getByRole("button", { name: "Save schedule" }).click();
    await s.page.getByTestId("schedule-summary").waitFor();
    expect(await s.page.getByTestId("schedule-summary").textContent()).toMatch(/Monday/);
    expect(s.pageErrors).toEqual([]);
  }, 40_000);
});
