/**
 * The model page's training-data export in Chromium against the built app: the demo's lead-scoring
 * model, last month's labelled `strategic` accounts — preview the counts, save the policy (shown
 * next to the contract after a reload), and download the CSV the preview promised.
 * Screenshots at 1280 px and 390 px.
 */
import { expect, it } from "vitest";
import { DEMO, screenshot } from "./browser";
import { describeE2e, e2eSession } from "./suite";

describeE2e("export", "training-data export on the model page", () => {
  const s = e2eSession();

  it("previews last month's labelled strategic accounts, saves the policy and downloads what the preview counted", async () => {
    const { page, server } = s;
    await page.goto(`${server.url}/w/${DEMO.workspace}/models/lead-scoring#training-data`);
    const section = page.locator("#training-data");
    await section.getByLabel("Cohorts").fill("account_tier=strategic");
    await section.getByRole("button", { name: "Preview counts" }).click();
    const preview = section.getByTestId("export-preview");
    await preview.waitFor({ timeout: 60_000 });
    const rowsText = await preview.locator("tr", { hasText: "Rows to export" }).locator("td").innerText();
    const rows = Number(rowsText.replace(/,/g, ""));
    expect(rows).toBeGreaterThan(0);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, "export-section-1280");

    const href = await section.getByRole("link", { name: "Download" }).getAttribute("href");
    expect(href).toMatch(/format=parquet/);
    const csv = await page.request.get(`${server.url}${href!.replace("format=parquet", "format=csv")}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("request_id,version,timestamp,employee_count,web_visits_30d,email_opens_30d,industry,account_tier,label,label_at");
    expect(lines.length - 1).toBe(rows);
    expect(lines.slice(1).every((l) => l.split(",")[7] === "strategic")).toBe(true);

    await section.getByLabel("Policy note").fill("Monthly retrain: labelled strategic accounts");
    await section.getByRole("button", { name: "Save as policy" }).click();
    await page.getByText("Export policy saved.").waitFor();
    await page.reload();
    await expect(page.getByTestId("export-policy").innerText()).resolves.toMatch(/account_tier=strategic[\s\S]*Monthly retrain/);

    await page.setViewportSize({ width: 390, height: 900 });
    await page.locator("#training-data").scrollIntoViewIfNeeded();
    await screenshot(page, "export-section-390");
    expect(s.pageErrors).toEqual([]);
  }, 180_000);
});
