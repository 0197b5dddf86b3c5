/**
 * Issue 11's promote decision in real Chromium against the built app and a real worker: the seeded
 * support-triage notebook's paired comparison (clf-small-v2 vs llm-triage-v1 on the same tickets)
 * runs; on its run page a viewer sees "Promote llm-triage-v1" disabled with the reason; an editor
 * opens the confirm dialog with the keyboard, which names the version it retires, confirms with Enter,
 * and the model page's audit trail shows the stage change with a link back to the comparison. The same
 * decision from a report made of that run: its comparison section, the audit entry linking the report. Then
 * the model's economics (value per correct prediction, cost per error) in its edit form.
 */
import { expect, it } from "vitest";
import { DEMO, screenshot } from "./browser";
import { describeE2e, e2eSession } from "./suite";

describeE2e("promote", "promote the candidate from a paired comparison", () => {
  const s = e2eSession({ worker: { queue: "e2e-promote" } });
  let runId = "";
  const setRole = async (role: string) => {
    const user = await s.db.prisma.user.findFirstOrThrow({ where: { email: DEMO.email } });
    await s.db.prisma.membership.updateMany({ where: { userId: user.id }, data: { role } });
  };

  it("waits for the seeded support-triage run's paired comparison", async () => {
    const model = await s.db.prisma.model.findFirstOrThrow({ where: { slug: "support-triage" } });
    await expect
      .poll(
        async () => {
          const cell = await s.db.prisma.runCell.findFirst({ where: { cellId: "paired", run: { modelId: model.id } }, orderBy: { queuedAt: "desc" } });
          if (cell?.status === "succeeded") runId = cell.runId;
          return cell?.status;
        },
        { timeout: 200_000, interval: 1000 },
      )
      .toBe("succeeded");
  }, 210_000);

  it("shows a viewer the button disabled with the reason", async () => {
    const originalRole = (await s.db.prisma.membership.findFirstOrThrow({ where: { user: { email: DEMO.email } } })).role;
    await setRole("viewer");
    try {
      await s.page.goto(s.url(`/w/${DEMO.workspace}/runs/${runId}`));
      const button = s.page.getByTestId("promote-paired");
      await button.waitFor();
      expect(await button.isDisabled()).toBe(true);
      expect(await button.textContent()).toBe("Promote llm-triage-v1");
      const reasonId = await button.getAttribute("aria-describedby");
      expect(await s.page.locator(`#${reasonId}`).textContent()).toBe("Promoting needs the editor role");
      await screenshot(s.page, "promote-viewer-1280");
    } finally {
      await setRole(originalRole);
    }
  }, 60_000);

  it("lets an editor promote with the keyboard after a confirm that names the retired version", async () => {
    await s.page.goto(s.url(`/w/${DEMO.workspace}/runs/${runId}`));
    const button = s.page.getByTestId("promote-paired");
    await button.waitFor();
    expect(await button.isDisabled()).toBe(false);
    await button.focus();
    await s.page.keyboard.press("Enter");
    const dialog = s.page.getByRole("dialog");
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? "";
    expect(text).toContain("Promote llm-triage-v1 to production?");
    expect(text).toMatch(/llm-triage-v1 \(shadow now\) becomes the production version; clf-small-v2 is in production now and will be retired/);
    expect(text).toMatch(/accuracy: (better|worse|no clear difference)/);
    await screenshot(s.page, "promote-confirm-1280");
    // the confirm button has focus: Enter confirms
    await s.page.keyboard.press("Enter");
    await s.page.getByTestId("promoted").waitFor({ timeout: 20_000 });
    expect(await s.page.getByTestId("promoted").textContent()).toMatch(/llm-triage-v1 is in production/);
    const versions = await s.db.prisma.modelVersion.findMany({ where: { model: { slug: "support-triage" } }, select: { label: true, stage: true } });
    expect(Object.fromEntries(versions.map((v) => [v.label, v.stage]))).toMatchObject({ "llm-triage-v1": "production", "clf-small-v2": "retired" });
  }, 60_000);

  it("shows the decision in the model's audit trail with a link back to the comparison", async () => {
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models/support-triage`));
    const entry = s.page.getByTestId("audit-trail").locator('li[data-action="version.stage_changed"]').first();
    await entry.waitFor();
    const text = (await entry.textContent()) ?? "";
    expect(text).toMatch(/llm-triage-v1.*shadow.*→.*production/s);
    expect(text).toMatch(/clf-small-v2.*production.*→.*retired/s);
    const evidence = entry.getByTestId("audit-evidence");
    expect(await evidence.textContent()).toMatch(/accuracy: .*McNemar/);
    await screenshot(s.page, "promote-audit-1280");
    await evidence.getByRole("link").click();
    await s.page.waitForURL((u) => u.pathname === `/w/${DEMO.workspace}/runs/${runId}` && u.hash === "#run-cell-paired");
  }, 60_000);

  it("promotes from the report's comparison section too (viewer disabled with the reason; the audit entry links the report)", async () => {
    // undo the run page's decision: clf-small-v2 back in production, llm-triage-v1 back in shadow
    const model = await s.db.prisma.model.findFirstOrThrow({ where: { slug: "support-triage" } });
    await s.db.prisma.modelVersion.update({ where: { modelId_label: { modelId: model.id, label: "clf-small-v2" } }, data: { stage: "production" } });
    await s.db.prisma.modelVersion.update({ where: { modelId_label: { modelId: model.id, label: "llm-triage-v1" } }, data: { stage: "shadow" } });
    await s.page.goto(s.url(`/w/${DEMO.workspace}/runs/${runId}`));
    await s.page.getByRole("button", { name: "Create report" }).click();
    await s.page.waitForURL((u) => /\/reports\/[^/]+$/.test(u.pathname), { timeout: 30_000 });
    const reportPath = new URL(s.page.url()).pathname;
    const reportId = reportPath.split("/").pop()!;
    const section = s.page.getByTestId("report-comparison-paired");
    await section.waitFor();

    const originalRole = (await s.db.prisma.membership.findFirstOrThrow({ where: { user: { email: DEMO.email } } })).role;
    await setRole("viewer");
    try {
      await s.page.reload();
      const button = section.getByTestId("promote-paired");
      await button.waitFor();
      expect(await button.isDisabled()).toBe(true);
      const reasonId = await button.getAttribute("aria-describedby");
      expect(await s.page.locator(`#${reasonId}`).textContent()).toBe("Promoting needs the editor role");
    } finally {
      await setRole(originalRole);
    }

    await s.page.reload();
    const button = section.getByTestId("promote-paired");
    await button.waitFor();
    expect(await button.textContent()).toBe("Promote llm-triage-v1");
    await button.click();
    const dialog = s.page.getByRole("dialog");
    await dialog.waitFor();
    expect((await dialog.textContent()) ?? "").toMatch(/clf-small-v2 is in production now and will be retired.*link to this report/s);
    await screenshot(s.page, "promote-report-confirm-1280");
    await dialog.getByRole("button", { name: "Promote llm-triage-v1" }).click();
    await section.getByTestId("promoted").waitFor({ timeout: 20_000 });
    const versions = await s.db.prisma.modelVersion.findMany({ where: { modelId: model.id }, select: { label: true, stage: true } });
    expect(Object.fromEntries(versions.map((v) => [v.label, v.stage]))).toMatchObject({ "llm-triage-v1": "production", "clf-small-v2": "retired" });

    await s.page.goto(s.url(`/w/${DEMO.workspace}/models/support-triage`));
    const entry = s.page.getByTestId("audit-trail").locator('li[data-action="version.stage_changed"]').first();
    const evidence = entry.getByTestId("audit-evidence");
    await evidence.waitFor();
    expect(await evidence.textContent()).toMatch(new RegExp(`Promoted from the comparison paired in report ${reportId.slice(-8)}`));
    expect(await evidence.textContent()).toMatch(/accuracy: .*McNemar/);
    await screenshot(s.page, "promote-report-audit-1280");
    await evidence.getByRole("link").click();
    await s.page.waitForURL((u) => u.pathname === reportPath);
  }, 90_000);

  it("edits the model's economics: a negative amount is refused inline, a valid one is saved and shown as money", async () => {
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models/support-triage/edit`));
    const value = s.page.getByLabel("Value per correct prediction (USD)");
    const cost = s.page.getByLabel("Cost per error (USD)");
    await value.waitFor();
    await value.fill("0.25");
    await cost.fill("-2");
    await s.page.getByRole("button", { name: "Save changes" }).click();
    const error = s.page.locator("#model-costPerErrorUsd-error");
    await error.waitFor();
    expect(await error.textContent()).toBe("Cost per error cannot be negative");
    expect(await s.page.evaluate(() => document.activeElement?.id)).toBe("model-costPerErrorUsd");
    await cost.fill("$1,200.25");
    expect(await s.page.getByText("Reads as $0.25 per correct prediction.").count()).toBe(1);
    await screenshot(s.page, "model-economics-1280");
    await s.page.getByRole("button", { name: "Save changes" }).click();
    await s.page.waitForURL(s.url(`/w/${DEMO.workspace}/models/support-triage`), { timeout: 20_000 });
    const economics = s.page.getByTestId("economics");
    await economics.waitFor();
    expect(await economics.textContent()).toBe("$0.25 per correct prediction gained · $1,200 per error lost");
    const model = await s.db.prisma.model.findFirstOrThrow({ where: { slug: "support-triage" } });
    expect({ v: model.valuePerCorrectUsd, e: model.costPerErrorUsd }).toEqual({ v: 0.25, e: 1200.25 });
  }, 60_000);

  it("ran without uncaught errors in the page", () => {
    expect(s.pageErrors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
  });
});
