/**
 * Settings → API keys in real Chromium against the built app: the demo admin creates a key with
 * two scopes, sees its secret once (SecretReveal) and the key in the table (DataTable) with its
 * scopes, then revokes it after a confirm dialog. Screenshots at 1280 and 390 px in test-results/.
 */
import { expect, it } from "vitest";
import { DEMO, screenshot } from "./browser";
import { describeE2e, e2eSession } from "./suite";

describeE2e("API keys", "API keys in the browser", () => {
  const s = e2eSession({ timeoutMs: 180_000 });

  it("creates a key, shows its secret once and lists it with its scopes; revoking asks first", async () => {
    await s.page.goto(`${s.server.url}/w/${DEMO.workspace}/settings/api-keys`);
    await s.page.locator("#key-name").fill("e2e scorer");
    const scopes = s.page.getByTestId("key-scopes");
    await scopes.getByLabel(/^read/).check();
    await s.page.getByRole("button", { name: /create key/i }).click();
    const secret = (await s.page.getByTestId("new-key-secret").textContent())!.trim();
    expect(secret).toMatch(/^eb_live_/);
    const row = s.page.getByTestId("api-keys-table").getByRole("row", { name: /e2e scorer/ });
    await row.waitFor();
    expect(await row.getByTestId("key-scopes-cell").textContent()).toBe("ingest, read");
    await screenshot(s.page, "api-keys-1280");
    await s.page.getByTestId("new-key").getByRole("button", { name: "Done" }).click();
    await s.page.getByTestId("new-key").waitFor({ state: "detached" });

    await row.getByRole("button", { name: "Revoke" }).click();
    await s.page.getByRole("button", { name: "Revoke key" }).click();
    await row.getByText("revoked").waitFor();
    await s.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(s.page, "api-keys-390");
    expect(s.pageErrors).toEqual([]);
  }, 60_000);
});
