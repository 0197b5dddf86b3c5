/**
 * Settings → API keys in real Chromium against the built app: the demo admin creates a key with
 * two scopes, sees its secret once (SecretReveal) and the key in the table (DataTable) with its
 * scopes, then revokes it after a confirm dialog. Screenshots at 1280 and 390 px in test-results/.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { TestDatabase } from "../helpers/db";
import { DEMO, screenshot, startServer, type Browser, type RunningServer } from "./browser";
import { demoDatabase, describeE2e, openPage, shutDown } from "./suite";

describeE2e("API keys", "API keys in the browser", () => {
  let db: TestDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    db = await demoDatabase();
    server = await startServer({ env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: "warn" } });
    ({ browser, page, pageErrors } = await openPage(server.url));
  }, 180_000);

  afterAll(() => shutDown(browser, server, db));

  it("creates a key, shows its secret once and lists it with its scopes; revoking asks first", async () => {
    await page.goto(`${server.url}/w/${DEMO.workspace}/settings/api-keys`);
    await page.locator("#key-name").fill("e2e scorer");
    const scopes = page.getByTestId("key-scopes");
    await scopes.getByLabel(/^read/).check();
    await page.getByRole("button", { name: /create key/i }).click();
    const secret = (await page.getByTestId("new-key-secret").textContent())!.trim();
    expect(secret).toMatch(/^eb_live_/);
    const row = page.getByTestId("api-keys-table").getByRole("row", { name: /e2e scorer/ });
    await row.waitFor();
    expect(await row.getByTestId("key-scopes-cell").textContent()).toBe("ingest, read");
    await screenshot(page, "api-keys-1280");
    await page.getByTestId("new-key").getByRole("button", { name: "Done" }).click();
    await page.getByTestId("new-key").waitFor({ state: "detached" });

    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("button", { name: "Revoke key" }).click();
    await row.getByText("revoked").waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "api-keys-390");
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
