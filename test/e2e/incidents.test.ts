/**
 * The control loop in real Chromium against the built app: the demo seed's runs are evaluated by a
 * real worker, the incidents inbox lists the demo incidents, the fraud red line's incident shows
 * its chart, dry-run rollback and runbook; an editor acknowledges and resolves it; a guardrail is
 * created from a result ("+" next to a metric). Screenshots at 1280 and 390 px in test-results/.
 */
import { afterAll, expect, it } from "vitest";
import { spawnWorker, stopWorker, waitFor, type WorkerProc } from "../integration/notebooks/harness";
import { DEMO, ROOT, screenshot, screenshotBothWidths } from "./browser";
import { describeE2e, e2eSession } from "./suite";

describeE2e("incidents", "incidents in the browser", () => {
  // The harness's worker, started before the app: the demo runs' incidents are waited for first.
  let worker: WorkerProc | undefined;
  const s = e2eSession({
    beforeStart: async (db) => {
      process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX ?? "evalbook"}:incidents-e2e`;
      worker = await spawnWorker(`incidents-e2e-${process.pid}`, { DATABASE_URL: db.url, EVALBOOK_TEST_HOOKS: "" });
      await waitFor(
        "the demo runs' incidents",
        async () => (await db.prisma.incident.count()) >= 4 && (await db.prisma.run.count({ where: { status: { in: ["queued", "running"] } } })) === 0,
        180_000,
        500,
      ).catch((err: Error) => {
        throw new Error(`${err.message}\n${worker?.output().slice(-3000)}`);
      });
    },
    signIn: "form",
    timeoutMs: 300_000,
  });
  afterAll(() => stopWorker(worker));

  /** `evalbook incidents` against this running server, flags or environment only (no database access). */
  async function cli(args: string[], extraEnv: Record<string, string> = {}) {
    const { spawnSync } = await import("node:child_process");
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.EVALBOOK_URL;
    delete env.EVALBOOK_API_KEY;
    Object.assign(env, extraEnv);
    // a database path that does not exist: the command may only use the server
    env.DATABASE_URL = "file:/nonexistent/evalbook-cli-test.db";
    const r = spawnSync(process.execPath, ["bin/evalbook.mjs", "incidents", ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  async function keyFor(scopes: ("read" | "incidents")[], models?: string[]) {
    const { createApiKey } = await import("@/server/apikeys/keys");
    const ws = await s.db.prisma.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspace } });
    return (await createApiKey(s.db.prisma, ws.id, { id: null, label: "cli test" }, { name: `cli ${scopes.join(",")} ${models?.join(",") ?? "all"}`, scopes, ...(models ? { models } : {}) })).secret;
  }

  it("`evalbook incidents --url --key` lists the server's open incidents and exits 1 while the fraud red line is open", async () => {
    const key = await keyFor(["read"]);
    const flags = await cli(["--url", s.server.url, "--key", key]);
    expect(flags.err).toBe("");
    expect(flags.code).toBe(1);
    expect(flags.out).toMatch(/^model\s+severity\s+state\s+red line\s+incident/m);
    expect(flags.out).toMatch(/fraud-risk\s+critical\s+open\s+yes\s+.*txn_sum_30d/);
    expect(flags.out).toMatch(/lead-scoring .*strategic/);
    expect(flags.out).toMatch(/\d+ open incidents, 1 red line crossed\.\n$/);

    // the same from EVALBOOK_URL / EVALBOOK_API_KEY, as JSON
    const fromEnv = await cli(["--json"], { EVALBOOK_URL: s.server.url, EVALBOOK_API_KEY: key });
    expect(fromEnv.code).toBe(1);
    const json = JSON.parse(fromEnv.out) as { open: number; redLines: number; incidents: { model: string; redLine: boolean }[] };
    expect(json.redLines).toBe(1);
    expect(json.open).toBe(await s.db.prisma.incident.count({ where: { openKey: { not: null } } }));

    // a key limited to lead-scoring sees no red line: exit 0
    const limited = await cli(["--url", s.server.url, "--key", await keyFor(["read"], ["lead-scoring"]), "--json"]);
    expect(limited.code).toBe(0);
    expect((JSON.parse(limited.out) as typeof json).incidents.every((i) => i.model === "lead-scoring")).toBe(true);

    // cannot tell: exit 2 with the server's reason
    const refused = await cli(["--url", s.server.url, "--key", "eb_live_notarealkeynotarealkeynotarealkey00000"]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/answered 401/);
    const down = await cli(["--url", "http://127.0.0.1:9", "--key", key]);
    expect(down.code).toBe(2);
  }, 120_000);

  it("inbox → fraud incident → runbook → acknowledge → resolve", async () => {
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models`));
    await s.page.getByRole("link", { name: "Incidents" }).first().click();
    await s.page.waitForURL(/\/incidents$/);
    const table = s.page.getByTestId("incidents-table");
    await table.waitFor();
    const text = (await table.textContent()) ?? "";
    expect(text).toContain("txn_sum_30d");
    expect(text).toContain("strategic");
    expect(text).toContain("item_category");
    expect(text).toContain("cost_per_request");
    expect(text).toContain("roc_auc < 0.8 for cohort strategic");
    expect(text).not.toMatch(/roc_auc .*for cohort (enterprise|smb|mid_market)/);
    // the lead-scoring SLO "AUC ≥ 0.80 for every tier": strategic is weak, every other tier is fine
    const slo = await s.db.prisma.guardrail.findFirstOrThrow({ where: { name: "SLO: AUC ≥ 0.80 for every tier" }, include: { states: true } });
    expect(slo).toMatchObject({ op: "<", fail: 0.8, cohortMode: "each" });
    const byTier = Object.fromEntries(slo.states.map((st) => [st.cohort, st]));
    expect(byTier.strategic).toMatchObject({ state: "alert" });
    expect(byTier.strategic!.lastValue!).toBeLessThan(0.65);
    for (const tier of ["smb", "mid_market", "enterprise"]) {
      expect(byTier[tier]).toMatchObject({ state: "ok" });
      expect(byTier[tier]!.lastValue!).toBeGreaterThan(0.8);
    }
    await screenshotBothWidths(s.page, "incidents-inbox");

    await s.page.getByRole("link", { name: /mismatch_share on txn_sum_30d/ }).click();
    await s.page.getByTestId("incident-title").waitFor();
    expect(await s.page.getByTestId("rollback-status").textContent()).toContain("dry run");
    expect(await s.page.locator('[data-testid="incident-chart"] svg').count()).toBeGreaterThan(0);
    await screenshotBothWidths(s.page, "incident");
    const incidentUrl = s.page.url();

    await s.page.getByTestId("incident-runbooks").getByRole("link", { name: "When txn_sum_30d drifts or skews" }).click();
    await s.page.getByRole("heading", { name: "When txn_sum_30d drifts or skews" }).first().waitFor();
    await s.page.goto(incidentUrl);

    await s.page.getByTestId("acknowledge").click();
    await expect.poll(async () => (await s.page.getByTestId("timeline").textContent()) ?? "", { timeout: 15_000 }).toContain("Acknowledged");
    await s.page.getByLabel("Resolve with a note").fill("Fixed the online aggregation window of txn_sum_30d.");
    await s.page.getByTestId("resolve").click();
    await s.page.locator("[data-confirm]").click();
    await expect.poll(async () => (await s.page.getByTestId("timeline").textContent()) ?? "", { timeout: 15_000 }).toContain("Fixed the online aggregation window");
    const id = incidentUrl.split("/").pop()!;
    expect((await s.db.prisma.incident.findUniqueOrThrow({ where: { id } })).state).toBe("resolved");
    expect(s.pageErrors).toEqual([]);
    // the red line is resolved: the CI gate opens
    const after = await cli([], { EVALBOOK_URL: s.server.url, EVALBOOK_API_KEY: await keyFor(["read"]) });
    expect(after.code).toBe(0);
    expect(after.out).not.toMatch(/red lines? crossed/);
  }, 120_000);

  it("creates a guardrail from a result: + next to a metric opens the prefilled form", async () => {
    const ws = await s.db.prisma.workspace.findUniqueOrThrow({ where: { slug: DEMO.workspace } });
    const model = await s.db.prisma.model.findUniqueOrThrow({ where: { workspaceId_slug: { workspaceId: ws.id, slug: "lead-scoring" } } });
    const run = await s.db.prisma.run.findFirstOrThrow({ where: { modelId: model.id, status: "succeeded" } });
    await s.page.goto(s.url(`/w/${DEMO.workspace}/runs/${run.id}`));
    await s.page.getByTestId("add-guardrail-roc_auc").first().click();
    await s.page.waitForURL(/\/models\/lead-scoring\?/);
    const form = s.page.getByTestId("guardrail-form");
    await form.waitFor();
    expect(await form.getByLabel("Metric").inputValue()).toBe("roc_auc");
    await form.getByLabel(/^Name/).fill("AUC stays above 0.55");
    await form.getByLabel("Breach when value is").selectOption(">");
    await form.getByLabel("Fail line").fill("0.55");
    await form.getByTestId("save-guardrail").click();
    // AUC is better when higher: ">" is refused with the reason, under the field
    await expect.poll(async () => (await form.textContent()) ?? "", { timeout: 15_000 }).toContain("better when higher");
    await form.getByLabel("Breach when value is").selectOption("<");
    await form.getByLabel("Warn line").fill("0.6");
    await form.getByTestId("save-guardrail").click();
    await s.page.getByText("AUC stays above 0.55").first().waitFor({ timeout: 15_000 });
    const g = await s.db.prisma.guardrail.findFirstOrThrow({ where: { modelId: model.id, name: "AUC stays above 0.55" } });
    expect(g).toMatchObject({ metric: "roc_auc", op: "<", fail: 0.55, warn: 0.6, cellId: "quality" });

    // and edits it in place: the form opens filled in, saves the change, keeps what it does not show
    await s.db.prisma.guardrail.update({ where: { id: g.id }, data: { flapWindow: 12, renotifyMinutes: 90 } });
    await s.page.reload();
    const row = s.page.getByTestId("guardrail-row").filter({ hasText: "AUC stays above 0.55" });
    await row.getByTestId("edit-guardrail").click();
    const edit = s.page.getByRole("form", { name: "Edit AUC stays above 0.55" });
    expect(await edit.getByLabel("Fail line").inputValue()).toBe("0.55");
    expect(await edit.getByLabel("Breach when value is").inputValue()).toBe("<");
    await edit.getByLabel("Fail line").fill("0.5");
    await edit.getByLabel("Warn line").fill("0.58");
    await edit.getByTestId("save-guardrail").click();
    await expect.poll(async () => (await s.db.prisma.guardrail.findUniqueOrThrow({ where: { id: g.id } })).fail, { timeout: 15_000 }).toBe(0.5);
    expect(await s.db.prisma.guardrail.findUniqueOrThrow({ where: { id: g.id } })).toMatchObject({ warn: 0.58, op: "<", metric: "roc_auc", flapWindow: 12, renotifyMinutes: 90 });
    await s.page.locator("#guardrails").scrollIntoViewIfNeeded();
    await screenshotBothWidths(s.page, "model-guardrails");

    await s.page.goto(s.url(`/w/${DEMO.workspace}/models`));
    await s.page.getByTestId("health-fraud-risk").waitFor();
    expect(await s.page.getByTestId("health-lead-scoring").textContent()).toMatch(/alert/);
    await screenshot(s.page, "inventory-health-1280");
    // the refused save above answers 400 on purpose (the browser logs it); nothing else may fail
    expect(s.pageErrors.filter((e) => !e.includes("status of 400"))).toEqual([]);
  }, 120_000);

  it("the notebook's JSON: export downloads cells and guardrails; an edit with a warn line stricter than fail is refused by path; a valid one saves both", async () => {
    const g = await s.db.prisma.guardrail.findFirstOrThrow({ where: { name: "item_category stable" }, include: { notebook: true } });
    const model = await s.db.prisma.model.findUniqueOrThrow({ where: { id: g.modelId } });
    const revision = g.notebook.revision;
    await s.page.goto(s.url(`/w/${DEMO.workspace}/models/${model.slug}/notebooks/${g.notebookId}`));
    await s.page.getByRole("button", { name: "JSON" }).click();
    const box = s.page.getByLabel("Notebook JSON");
    await expect.poll(async () => box.inputValue(), { timeout: 15_000 }).toContain("item_category stable");
    const doc = JSON.parse(await box.inputValue()) as { revision: number; cells: { id: string }[]; guardrails: { name: string; warn: number; fail: number }[] };
    expect(doc.cells.length).toBeGreaterThan(1);

    const [download] = await Promise.all([s.page.waitForEvent("download"), s.page.getByRole("button", { name: "Export JSON" }).click()]);
    expect(download.suggestedFilename()).toBe(`${model.slug}-notebook-${g.notebookId}.json`);
    const { readFileSync } = await import("node:fs");
    expect(JSON.parse(readFileSync((await download.path())!, "utf8"))).toMatchObject({ format: "evalbook.notebook/1", guardrails: [{ name: "item_category stable" }] });

    const i = doc.guardrails.findIndex((x) => x.name === "item_category stable");
    doc.guardrails[i] = { ...doc.guardrails[i]!, warn: 0.3 };
    await box.fill(JSON.stringify(doc, null, 2));
    await s.page.getByRole("button", { name: "Check" }).click();
    const problems = s.page.getByRole("alert").filter({ hasText: "Not saved" });
    await expect.poll(async () => (await problems.textContent()) ?? "", { timeout: 15_000 }).toContain(`guardrails[${i}].warn`);
    expect(await problems.textContent()).toMatch(/stricter than the fail line/);
    await screenshot(s.page, "notebook-json-invalid-1280");
    expect(await s.db.prisma.guardrail.findUniqueOrThrow({ where: { id: g.id } })).toMatchObject({ warn: g.warn, fail: g.fail });

    doc.guardrails[i] = { ...doc.guardrails[i]!, warn: 0.12, fail: 0.3 };
    await box.fill(JSON.stringify(doc, null, 2));
    await s.page.getByRole("button", { name: "Check" }).click();
    await expect.poll(async () => (await s.page.getByRole("status").filter({ hasText: "Valid" }).textContent()) ?? "", { timeout: 15_000 }).toContain("changed: item_category stable");
    await s.page.getByRole("button", { name: "Save from JSON" }).click();
    await expect.poll(async () => (await s.db.prisma.guardrail.findUniqueOrThrow({ where: { id: g.id } })).fail, { timeout: 15_000 }).toBe(0.3);
    expect((await s.db.prisma.notebook.findUniqueOrThrow({ where: { id: g.notebookId } })).revision).toBe(revision + 1);
    await s.page.getByLabel("Notebook JSON").waitFor({ state: "detached", timeout: 15_000 });
    await s.page.getByText(`revision ${revision + 1}`).first().waitFor({ timeout: 15_000 });
    await screenshot(s.page, "notebook-json-saved-1280");
    expect(s.pageErrors.filter((e) => !e.includes("status of 400"))).toEqual([]);
  }, 120_000);
});
