/**
 * The foundation issue end to end, in real Chromium against the built app: sign in as the demo
 * user, create a model (after the server rejects a duplicate slug inline), find it through search,
 * move another version to production (the confirm dialog names the version it retires), see the
 * change in the audit trail, and get sent to sign-in with "Your session has expired" when the
 * session lapses. Screenshots land in test-results/ (1280 px and 390 px wide).
 */
import { expect, it } from "vitest";
import type { Page } from "playwright-core";
import { DEMO, screenshot, signIn } from "./browser";
import { describeE2e, e2eSession } from "./suite";

describeE2e("inventory", "inventory in the browser", () => {
  // Sessions changed behind the server's back (the expiry test) reach it within SESSION_CACHE_SECONDS.
  const s = e2eSession({ signIn: "none", timeoutMs: 180_000, server: { env: { SESSION_CACHE_SECONDS: "1" } } });
  const slug = `e2e-churn-${Date.now().toString(36)}`;

  it("signs in as the demo user and lands on the inventory", async () => {
    await s.page.goto(s.url("/"));
    expect(new URL(s.page.url()).pathname).toBe("/sign-in");
    await signIn(s.page, s.server.url, DEMO.email, DEMO.password);
    await s.page.waitForURL(s.url(`/w/${DEMO.workspace}/models`));
    await expectVisible(s.page.getByRole("link", { name: "Card fraud risk score" }));
    await screenshot(s.page, "inventory-list-1280");
  }, 60_000);

  it("shows the server's inline error for a duplicate slug, then creates the model", async () => {
    await s.page.getByRole("link", { name: "Create model" }).first().click();
    await s.page.waitForURL(s.url(`/w/${DEMO.workspace}/models/new`));

    await s.page.getByLabel("Name").fill("E2E churn predictor");
    await s.page.getByLabel("Slug").fill("fraud-risk"); // taken by the demo inventory
    await s.page.getByLabel("Owner team").fill("Retention DS");
    await s.page.getByLabel("On-call contact").fill("retention-oncall@acme.example");
    await s.page.getByLabel("Endpoint / service").fill("churn-svc POST /score");
    await s.page.getByLabel("Primary business metric").fill("Monthly churned revenue (USD)");
    await s.page.getByLabel("Tags").fill("retention, e2e");
    await s.page.getByLabel("Task").selectOption("binary");
    await s.page.getByRole("button", { name: "Add SLO" }).click();
    await s.page.getByLabel("Objective").fill("AUC ≥ 0.80");
    await s.page.getByLabel("Metric", { exact: true }).fill("roc_auc");
    await s.page.getByLabel("Op").selectOption(">=");
    await s.page.getByLabel("Target").fill("0.8");
    // v1 in production comes prefilled; add a candidate.
    await s.page.getByRole("button", { name: "Add version" }).click();
    await s.page.getByLabel("Version 2 label").fill("v2");

    await s.page.getByLabel("Slug").press("Enter"); // Enter submits
    const slugError = s.page.locator("#model-slug-error");
    await expectVisible(slugError);
    expect(await slugError.textContent()).toContain("already taken");
    expect(await s.page.evaluate(() => document.activeElement?.id)).toBe("model-slug"); // focus moves to the first error
    await screenshot(s.page, "model-form-duplicate-slug-1280");

    await s.page.getByLabel("Slug").fill(slug);
    await s.page.getByRole("button", { name: "Create model" }).click();
    await s.page.waitForURL(s.url(`/w/${DEMO.workspace}/models/${slug}`), { timeout: 20_000 });
    await expectVisible(s.page.getByRole("heading", { name: "E2E churn predictor" }));
    await expectVisible(s.page.getByText(`Model ${slug} created.`));
  }, 60_000);

  it("finds the new model in the list through search, with the query in the URL", async () => {
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models`));
    await s.page.getByLabel("Search models").fill("churn");
    await s.page.getByLabel("Search models").press("Enter");
    await s.page.waitForURL((u) => u.searchParams.get("q") === "churn");
    const table = s.page.getByTestId("models-table");
    await expectVisible(table.getByRole("link", { name: "E2E churn predictor" }));
    expect(await table.locator("tbody tr").count()).toBe(1);
    await screenshot(s.page, "inventory-search-1280");
    await s.page.getByRole("link", { name: "E2E churn predictor" }).click();
    await s.page.waitForURL(s.url(`/w/${DEMO.workspace}/models/${slug}`));
  }, 60_000);

  it("moves v2 to production after a confirm dialog that says v1 will be retired", async () => {
    const versions = s.page.getByTestId("versions-table");
    await s.page.getByTestId("stage-select-v2").selectOption("production");
    const dialog = s.page.getByRole("dialog");
    await expectVisible(dialog);
    expect(await dialog.textContent()).toMatch(/v1.*is in production now.*retired/s);
    await screenshot(s.page, "stage-change-confirm-1280");
    await dialog.getByRole("button", { name: "Move to production" }).click();

    await expect.poll(() => versions.locator('tr[data-version="v2"] [data-testid="stage"]').textContent(), { timeout: 15_000 }).toBe("production");
    expect(await versions.locator('tr[data-version="v1"] [data-testid="stage"]').textContent()).toBe("retired");
  }, 60_000);

  it("shows the stage change in the audit trail", async () => {
    const entry = s.page.getByTestId("audit-trail").locator('li[data-action="version.stage_changed"]').first();
    await expectVisible(entry);
    const text = (await entry.textContent()) ?? "";
    expect(text).toContain(DEMO.email);
    expect(text).toMatch(/v2.*candidate.*→.*production/s);
    expect(text).toMatch(/v1.*production.*→.*retired/s);
    await screenshot(s.page, "model-page-1280");

    await s.page.setViewportSize({ width: 390, height: 844 });
    await s.page.reload();
    await expectVisible(s.page.getByTestId("audit-trail"));
    await screenshot(s.page, "model-page-390");
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models`));
    await screenshot(s.page, "inventory-list-390");
    await s.page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);

  it("sends an expired session to sign-in with 'Your session has expired'", async () => {
    await s.db.prisma.session.updateMany({ data: { expiresAt: new Date(Date.now() - 60_000) } });
    await new Promise((r) => setTimeout(r, 1100)); // the web server's session cache lets go
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models`));
    await s.page.waitForURL((u) => u.pathname === "/sign-in");
    await expectVisible(s.page.getByText("Your session has expired"));
    await screenshot(s.page, "session-expired-1280");
  }, 60_000);

  it("lets an admin invite a viewer, who signs up and sees no edit controls", async () => {
    const viewer = { email: `viewer-${Date.now().toString(36)}@acme.example`, password: "viewer-password-1" };
    await signIn(s.page, s.server.url, DEMO.email, DEMO.password);
    await s.page.goto(s.url(`/w/${DEMO.workspace}/settings/members`));
    await s.page.getByLabel("Email").fill(viewer.email);
    await s.page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await s.page.getByRole("button", { name: "Invite" }).click();
    await expectVisible(s.page.getByTestId("invitations").getByText(viewer.email));
    // The admin gets the invitation link to send; it is shown once.
    const inviteUrl = (await s.page.getByTestId("invite-link-url").textContent())!.trim();
    expect(inviteUrl).toMatch(/\/sign-up\?invite=[A-Za-z0-9_-]{43}$/);
    await screenshot(s.page, "members-1280");
    await s.page.getByRole("button", { name: "Sign out" }).click();
    await s.page.waitForURL((u) => u.pathname === "/sign-in");

    // Knowing the invited address is not enough: without the link the server refuses, and says
    // the same as for an address nobody invited.
    await s.page.goto(s.url("/sign-up"));
    for (const email of ["stranger@acme.example", viewer.email]) {
      await s.page.getByLabel("Email").fill(email);
      await s.page.getByLabel("Password").fill("stranger-password");
      await s.page.getByRole("button", { name: "Create account" }).click();
      await expectVisible(s.page.getByTestId("auth-error"));
      expect(await s.page.getByTestId("auth-error").textContent()).toContain("Sign-up needs a valid invitation link for this address");
    }

    await s.page.goto(inviteUrl.replace(/^https?:\/\/[^/]+/, s.server.url));
    await s.page.getByLabel("Email").fill(viewer.email);
    await s.page.getByLabel("Password").fill(viewer.password);
    await s.page.getByRole("button", { name: "Create account" }).click();
    await s.page.waitForURL(s.url(`/w/${DEMO.workspace}/models`), { timeout: 20_000 });
    await expectVisible(s.page.getByRole("link", { name: "E2E churn predictor" }));
    expect(await s.page.getByRole("link", { name: "Create model" }).count()).toBe(0);

    await s.page.goto(s.url(`/w/${DEMO.workspace}/models/${slug}`));
    await expectVisible(s.page.getByTestId("versions-table"));
    expect(await s.page.getByRole("link", { name: "Edit model" }).count()).toBe(0);
    expect(await s.page.locator('[data-testid^="stage-select-"]').count()).toBe(0);
    expect(await s.page.getByRole("button", { name: /Add version|Edit contract|Define contract/ }).count()).toBe(0);
    await s.page.goto(s.url(`/w/${DEMO.workspace}/settings/members`));
    expect(await s.page.getByRole("button", { name: "Invite" }).count()).toBe(0);
    expect(await s.page.getByRole("button", { name: "Remove" }).count()).toBe(0);
    await screenshot(s.page, "members-viewer-1280");
  }, 90_000);

  it("sends security headers, and after sign-in follows no next= that leaves the site", async () => {
    const res = await fetch(s.url("/sign-in"));
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("same-origin");
    await s.page.context().clearCookies();
    await s.page.goto(s.url("/sign-in?next=/%5Cevil.example/steal"));
    await s.page.getByLabel("Email").fill(DEMO.email);
    await s.page.getByLabel("Password").fill(DEMO.password);
    await Promise.all([s.page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 20_000 }), s.page.getByRole("button", { name: "Sign in" }).click()]);
    expect(new URL(s.page.url()).origin).toBe(s.server.url);
  }, 60_000);

  it("ran without CSP violations in the console", () => {
    expect(s.pageErrors.filter((e) => /Content Security Policy|Refused to (execute|load|apply)/i.test(e))).toEqual([]);
  });

  it("ran without uncaught errors in the page", () => {
    expect(s.pageErrors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });
});

async function expectVisible(locator: ReturnType<Page["locator"]>, timeout = 15_000) {
  await locator.first().waitFor({ state: "visible", timeout });
}
