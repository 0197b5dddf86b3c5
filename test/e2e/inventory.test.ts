/**
 * The foundation issue end to end, in real Chromium against the built app: sign in as the demo
 * user, create a model (after the server rejects a duplicate slug inline), find it through search,
 * move another version to production (the confirm dialog names the version it retires), see the
 * change in the audit trail, and get sent to sign-in with "Your session has expired" when the
 * session lapses. Screenshots land in test-results/ (1280 px and 390 px wide).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { TestDatabase } from "../helpers/db";
import { DEMO, screenshot, signIn, startServer, type Browser, type RunningServer } from "./browser";
import { demoDatabase, describeE2e, openPage, shutDown } from "./suite";

describeE2e("inventory", "inventory in the browser", () => {
  let db: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  const slug = `e2e-churn-${Date.now().toString(36)}`;

  beforeAll(async () => {
    db = await demoDatabase();
    server = await startServer({ env: { DATABASE_URL: db.url, LOG_LEVEL: "warn" } });
    ({ browser, page, pageErrors } = await openPage());
  }, 180_000);

  afterAll(() => shutDown(browser, server, db));

  const url = (path: string) => `${server.url}${path}`;

  it("signs in as the demo user and lands on the inventory", async () => {
    await page.goto(url("/"));
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await signIn(page, server.url, DEMO.email, DEMO.password);
    await page.waitForURL(url(`/w/${DEMO.workspace}/models`));
    await expectVisible(page.getByRole("link", { name: "Card fraud risk score" }));
    await screenshot(page, "inventory-list-1280");
  }, 60_000);

  it("shows the server's inline error for a duplicate slug, then creates the model", async () => {
    await page.getByRole("link", { name: "Create model" }).first().click();
    await page.waitForURL(url(`/w/${DEMO.workspace}/models/new`));

    await page.getByLabel("Name").fill("E2E churn predictor");
    await page.getByLabel("Slug").fill("fraud-risk"); // taken by the demo inventory
    await page.getByLabel("Owner team").fill("Retention DS");
    await page.getByLabel("On-call contact").fill("retention-oncall@acme.example");
    await page.getByLabel("Endpoint / service").fill("churn-svc POST /score");
    await page.getByLabel("Primary business metric").fill("Monthly churned revenue (USD)");
    await page.getByLabel("Tags").fill("retention, e2e");
    await page.getByLabel("Task").selectOption("binary");
    await page.getByRole("button", { name: "Add SLO" }).click();
    await page.getByLabel("Objective").fill("AUC ≥ 0.80");
    await page.getByLabel("Metric", { exact: true }).fill("roc_auc");
    await page.getByLabel("Op").selectOption(">=");
    await page.getByLabel("Target").fill("0.8");
    // v1 in production comes prefilled; add a candidate.
    await page.getByRole("button", { name: "Add version" }).click();
    await page.getByLabel("Version 2 label").fill("v2");

    await page.getByLabel("Slug").press("Enter"); // Enter submits
    const slugError = page.locator("#model-slug-error");
    await expectVisible(slugError);
    expect(await slugError.textContent()).toContain("already taken");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("model-slug"); // focus moves to the first error
    await screenshot(page, "model-form-duplicate-slug-1280");

    await page.getByLabel("Slug").fill(slug);
    await page.getByRole("button", { name: "Create model" }).click();
    await page.waitForURL(url(`/w/${DEMO.workspace}/models/${slug}`), { timeout: 20_000 });
    await expectVisible(page.getByRole("heading", { name: "E2E churn predictor" }));
    await expectVisible(page.getByText(`Model ${slug} created.`));
  }, 60_000);

  it("finds the new model in the list through search, with the query in the URL", async () => {
    await page.goto(url(`/w/${DEMO.workspace}/models`));
    await page.getByLabel("Search models").fill("churn");
    await page.getByLabel("Search models").press("Enter");
    await page.waitForURL((u) => u.searchParams.get("q") === "churn");
    const table = page.getByTestId("models-table");
    await expectVisible(table.getByRole("link", { name: "E2E churn predictor" }));
    expect(await table.locator("tbody tr").count()).toBe(1);
    await screenshot(page, "inventory-search-1280");
    await page.getByRole("link", { name: "E2E churn predictor" }).click();
    await page.waitForURL(url(`/w/${DEMO.workspace}/models/${slug}`));
  }, 60_000);

  it("moves v2 to production after a confirm dialog that says v1 will be retired", async () => {
    const versions = page.getByTestId("versions-table");
    await page.getByTestId("stage-select-v2").selectOption("production");
    const dialog = page.getByRole("dialog");
    await expectVisible(dialog);
    expect(await dialog.textContent()).toMatch(/v1.*is in production now.*retired/s);
    await screenshot(page, "stage-change-confirm-1280");
    await dialog.getByRole("button", { name: "Move to production" }).click();

    await expect.poll(() => versions.locator('tr[data-version="v2"] [data-testid="stage"]').textContent(), { timeout: 15_000 }).toBe("production");
    expect(await versions.locator('tr[data-version="v1"] [data-testid="stage"]').textContent()).toBe("retired");
  }, 60_000);

  it("shows the stage change in the audit trail", async () => {
    const entry = page.getByTestId("audit-trail").locator('li[data-action="version.stage_changed"]').first();
    await expectVisible(entry);
    const text = (await entry.textContent()) ?? "";
    expect(text).toContain(DEMO.email);
    expect(text).toMatch(/v2.*candidate.*→.*production/s);
    expect(text).toMatch(/v1.*production.*→.*retired/s);
    await screenshot(page, "model-page-1280");

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expectVisible(page.getByTestId("audit-trail"));
    await screenshot(page, "model-page-390");
    await page.goto(url(`/w/${DEMO.workspace}/models`));
    await screenshot(page, "inventory-list-390");
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);

  it("sends an expired session to sign-in with 'Your session has expired'", async () => {
    await db.prisma.session.updateMany({ data: { expiresAt: new Date(Date.now() - 60_000) } });
    await page.goto(url(`/w/${DEMO.workspace}/models`));
    await page.waitForURL((u) => u.pathname === "/sign-in");
    await expectVisible(page.getByText("Your session has expired"));
    await screenshot(page, "session-expired-1280");
  }, 60_000);

  it("lets an admin invite a viewer, who signs up and sees no edit controls", async () => {
    const viewer = { email: `viewer-${Date.now().toString(36)}@acme.example`, password: "viewer-password-1" };
    await signIn(page, server.url, DEMO.email, DEMO.password);
    await page.goto(url(`/w/${DEMO.workspace}/settings/members`));
    await page.getByLabel("Email").fill(viewer.email);
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByRole("button", { name: "Invite" }).click();
    await expectVisible(page.getByTestId("invitations").getByText(viewer.email));
    // The admin gets the invitation link to send; it is shown once.
    const inviteUrl = (await page.getByTestId("invite-link-url").textContent())!.trim();
    expect(inviteUrl).toMatch(/\/sign-up\?invite=[A-Za-z0-9_-]{43}$/);
    await screenshot(page, "members-1280");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === "/sign-in");

    // Knowing the invited address is not enough: without the link the server refuses, and says
    // the same as for an address nobody invited.
    await page.goto(url("/sign-up"));
    for (const email of ["stranger@acme.example", viewer.email]) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("stranger-password");
      await page.getByRole("button", { name: "Create account" }).click();
      await expectVisible(page.getByTestId("auth-error"));
      expect(await page.getByTestId("auth-error").textContent()).toContain("Sign-up needs a valid invitation link for this address");
    }

    await page.goto(inviteUrl.replace(/^https?:\/\/[^/]+/, server.url));
    await page.getByLabel("Email").fill(viewer.email);
    await page.getByLabel("Password").fill(viewer.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(url(`/w/${DEMO.workspace}/models`), { timeout: 20_000 });
    await expectVisible(page.getByRole("link", { name: "E2E churn predictor" }));
    expect(await page.getByRole("link", { name: "Create model" }).count()).toBe(0);

    await page.goto(url(`/w/${DEMO.workspace}/models/${slug}`));
    await expectVisible(page.getByTestId("versions-table"));
    expect(await page.getByRole("link", { name: "Edit model" }).count()).toBe(0);
    expect(await page.locator('[data-testid^="stage-select-"]').count()).toBe(0);
    expect(await page.getByRole("button", { name: /Add version|Edit contract|Define contract/ }).count()).toBe(0);
    await page.goto(url(`/w/${DEMO.workspace}/settings/members`));
    expect(await page.getByRole("button", { name: "Invite" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Remove" }).count()).toBe(0);
    await screenshot(page, "members-viewer-1280");
  }, 90_000);

  it("sends security headers, and after sign-in follows no next= that leaves the site", async () => {
    const res = await fetch(url("/sign-in"));
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    await page.context().clearCookies();
    await page.goto(url("/sign-in?next=/%5Cevil.example/steal"));
    await page.getByLabel("Email").fill(DEMO.email);
    await page.getByLabel("Password").fill(DEMO.password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 20_000 }), page.getByRole("button", { name: "Sign in" }).click()]);
    expect(new URL(page.url()).origin).toBe(server.url);
  }, 60_000);

  it("ran without CSP violations in the console", () => {
    expect(pageErrors.filter((e) => /Content Security Policy|Refused to (execute|load|apply)/i.test(e))).toEqual([]);
  });

  it("ran without uncaught errors in the page", () => {
    expect(pageErrors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });
});

async function expectVisible(locator: ReturnType<Page["locator"]>, timeout = 15_000) {
  await locator.first().waitFor({ state: "visible", timeout });
}
