/**
 * Reports end to end through the routers and the v1 routes (real SQLite): a report equals its run
 * at creation and never changes afterwards; share links (hash only, revoke, expiry, same 404);
 * who may do what; runbooks with revisions frozen into reports; HTML and PDF export.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/server/db/client";
import { createApiKey } from "@/server/apikeys/keys";
import { createModel } from "@/server/services/models";
import { hashShareToken, resolveShareToken } from "@/server/reports/service";
import { callerFor, createWorkspaceWith, signUp, uniqueEmail } from "../../helpers/auth";
import { FRAUD_MODEL } from "../../unit/reports/fixture";
import { HOSTILE_MARKDOWN, insertFinishedRun } from "./seed-run";
import { POST as createReportRoute } from "@/app/api/v1/runs/[id]/reports/route";
import { POST as createLinkRoute } from "@/app/api/v1/reports/[id]/links/route";
import { DELETE as revokeLinkRoute } from "@/app/api/v1/reports/[id]/links/[linkId]/route";
import { GET as exportRoute } from "@/app/api/v1/reports/[id]/export/route";
import { trpcError } from "../../helpers/trpc-error";

type Caller = Awaited<ReturnType<typeof callerFor>>;
let editor: Caller;
let viewer: Caller;
let anonymous: Caller;
let workspaceSlug = "";
let workspaceId = "";
let modelId = "";
let apiKey = "";

beforeAll(async () => {
  const [e, v] = await Promise.all([signUp(uniqueEmail("rep-ed")), signUp(uniqueEmail("rep-vw"))]);
  workspaceSlug = `rep-${Date.now()}`;
  const ws = await createWorkspaceWith(workspaceSlug, [
    { userId: e.userId, role: "editor" },
    { userId: v.userId, role: "viewer" },
  ]);
  workspaceId = ws.id;
  editor = await callerFor(e.cookie);
  viewer = await callerFor(v.cookie);
  anonymous = await callerFor();
  const { id: _i, versions: _v, ...fields } = FRAUD_MODEL;
  const m = await createModel(prisma, workspaceId, { id: e.userId, label: "test" }, { ...fields, endpoint: "svc", tags: [], versions: [{ label: "v3.2", stage: "production" }] } as never);
  modelId = m.id;
  apiKey = (await createApiKey(prisma, workspaceId, { id: e.userId, label: "test" }, { name: "reports test", scopes: ["read", "run", "report"] })).secret;
});

describe("a report is frozen", () => {
  it("equals its run at creation and does not change with new results or notebook edits", async () => {
    const { runId, notebookId } = await insertFinishedRun(prisma, workspaceId, modelId);
    const run = await editor.notebook.getRun({ workspaceSlug, runId });
    const { id } = await editor.report.create({ workspaceSlug, runId });
    const report = await editor.report.get({ workspaceSlug, id });

    // every evaluator cell's per-cohort values equal the run's
    for (const cell of run.cells.filter((c) => c.type === "evaluator")) {
      const frozen = report.snapshot.cells.find((c) => c.cellId === cell.cellId)!;
      const result = cell.result as { cohorts: { cohort: string; metrics: Record<string, number> }[] };
      expect(frozen.evaluation!.cohorts.map((c) => [c.cohort, c.metrics])).toEqual(result.cohorts.map((c) => [c.cohort, c.metrics]));
    }
    expect(report.summary.slos[0]).toMatchObject({ metric: "roc_auc", value: 0.83, status: "breached" });
    expect(report.snapshot.run).toMatchObject({ id: runId, notebookId });
    const before = await prisma.report.findUniqueOrThrow({ where: { id } });

    // new data re-evaluated into the same run's cells, the notebook edited, then the run deleted
    await prisma.runCell.updateMany({ where: { runId, cellId: "quality" }, data: { result: JSON.stringify({ plugin: "quality.binary", version: "1.0.0", status: "pass", n: { current: 1, reference: null }, cohorts: [{ cohort: "all", status: "pass", n: 1, metrics: { roc_auc: 0.99 } }] }) } });
    await prisma.notebook.update({ where: { id: notebookId }, data: { title: "Renamed", cells: "[]", revision: { increment: 1 } } });
    await insertFinishedRun(prisma, workspaceId, modelId, { notebookId, auc: 0.95 });
    const after = await prisma.report.findUniqueOrThrow({ where: { id } });
    expect(after.snapshot).toBe(before.snapshot);
    expect(after.summary).toBe(before.summary);
    await prisma.run.delete({ where: { id: runId } });
    const stillThere = await editor.report.get({ workspaceSlug, id });
    expect(stillThere.summary.slos[0]!.value).toBe(0.83);
    const preview = await viewer.report.preview({ workspaceSlug, id });
    expect(preview.body).toContain("notebook “Weekly health check”");
    expect(preview.body).not.toContain("Renamed");
  });

  it("compares with the previous report of the same notebook", async () => {
    const { runId, notebookId } = await insertFinishedRun(prisma, workspaceId, modelId, { auc: 0.88 });
    await editor.report.create({ workspaceSlug, runId, title: "Week 46" });
    const second = await insertFinishedRun(prisma, workspaceId, modelId, { notebookId, auc: 0.83 });
    const { id } = await editor.report.create({ workspaceSlug, runId: second.runId, title: "Week 47" });
    const r = await editor.report.get({ workspaceSlug, id });
    expect(r.summary.change?.previousTitle).toBe("Week 46");
    expect(r.summary.change?.deltas.find((d) => d.key === "slo:roc_auc")).toMatchObject({ before: 0.88, after: 0.83 });
    const list = await viewer.report.list({ workspaceSlug, modelSlug: "fraud-risk" });
    expect(list[0]!.title).toBe("Week 47"); // newest first
    expect(list[0]!.status).toBe("fail");
  });

  it("lets editors choose cells and their order, and rejects unknown cells", async () => {
    const { runId } = await insertFinishedRun(prisma, workspaceId, modelId);
    const { id } = await editor.report.create({ workspaceSlug, runId });
    const updated = await editor.report.update({ workspaceSlug, id, cellOrder: ["cost", "quality"], narrative: "**Bold** <img src=x onerror=alert(1)>" });
    expect(updated.cellOrder).toEqual(["cost", "quality"]);
    const preview = await editor.report.preview({ workspaceSlug, id });
    expect([...preview.body.matchAll(/data-cell="([^"]+)"/g)].map((m) => m[1])).toEqual(["cost", "quality"]);
    expect(preview.body).toContain("<strong>Bold</strong>");
    expect(preview.body).not.toContain("onerror");
    expect((await trpcError(editor.report.update({ workspaceSlug, id, cellOrder: ["nope"] }))).code).toBe("BAD_REQUEST");
    expect((await trpcError(viewer.report.update({ workspaceSlug, id, title: "Mine now" }))).code).toBe("FORBIDDEN");
  });

  it("refuses a run that has not finished", async () => {
    const { runId } = await insertFinishedRun(prisma, workspaceId, modelId);
    await prisma.run.update({ where: { id: runId }, data: { status: "running" } });
    expect((await trpcError(editor.report.create({ workspaceSlug, runId }))).message).toMatch(/finished run only/);
  });
});

/** The user-written parts of a report page (markdown cells, narrative, runbooks), as HTML. */
function userWritten(html: string): string {
  const { document } = new JSDOM(html).window;
  return [...document.querySelectorAll(".eb-md")].map((e) => e.innerHTML).join("\n");
}

function expectNeutralised(html: string) {
  const written = userWritten(html);
  expect(written).toContain("OVERLAYMARKER"); // the text stays, as plain text
  expect(written).not.toMatch(/<form|<input|<button|<style|style=|position:\s*fixed|evil\.example|class=/);
  expect(html).not.toContain("evil.example");
}

describe("hostile markdown", () => {
  let id = "";
  beforeAll(async () => {
    const { runId } = await insertFinishedRun(prisma, workspaceId, modelId, { markdown: HOSTILE_MARKDOWN });
    id = (await editor.report.create({ workspaceSlug, runId, title: "Hostile report" })).id;
    await editor.report.update({ workspaceSlug, id, narrative: HOSTILE_MARKDOWN });
  });

  it("is neutralised in the app preview, in markdown cells and the narrative", async () => {
    const preview = await viewer.report.preview({ workspaceSlug, id });
    expect(preview.body.match(/OVERLAYMARKER/g)).toHaveLength(2);
    expectNeutralised(preview.body);
  });

  it("is neutralised when frozen into an older snapshot, before the allow-list existed", async () => {
    const row = await prisma.report.findUniqueOrThrow({ where: { id } });
    const snapshot = JSON.parse(row.snapshot) as { cells: { type: string; html?: string }[] };
    for (const c of snapshot.cells) if (c.type === "markdown") c.html = '<div style="position:fixed;inset:0">OVERLAYMARKER</div><form action="https://evil.example/x"></form><img src="https://evil.example/p.png">';
    await prisma.report.update({ where: { id }, data: { snapshot: JSON.stringify(snapshot) } });
    expectNeutralised((await viewer.report.preview({ workspaceSlug, id })).body);
  });

  it("is neutralised on the share page", async () => {
    const link = await editor.report.createLink({ workspaceSlug, id });
    const shared = await anonymous.report.shared({ token: link.url.split("/share/")[1]! });
    expectNeutralised(shared.html);
  });

  it("is neutralised in the HTML export, which carries a CSP in its header and in the document", async () => {
    const res = await exportRoute(new Request(`http://x/?format=html`, { headers: { authorization: `Bearer ${apiKey}` } }), { params: Promise.resolve({ id }) });
    const html = await res.text();
    expectNeutralised(html);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'.*img-src data:.*form-action 'none'.*frame-ancestors 'none'/);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:/);
  });

  it.skipIf(!existsSync(process.env.CHROMIUM_PATH || "/usr/bin/chromium"))("is neutralised in the PDF: no overlay repeated on every page, the report's numbers still there", async () => {
    const res = await exportRoute(new Request(`http://x/?format=pdf`, { headers: { authorization: `Bearer ${apiKey}` } }), { params: Promise.resolve({ id }) });
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "rep-pdf-")), "r.pdf");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const pages = execFileSync("pdftotext", ["-layout", file, "-"]).toString().split("\f").filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.filter((p) => p.includes("OVERLAYMARKER")).length).toBe(1); // only where the cell stands, not fixed on every page
    for (const n of ["0.83", "$0.83", "txn_sum_30d"]) expect(pages.join("\n")).toContain(n);
  }, 60_000);
});

describe("runbooks", () => {
  it("keeps a version history, refuses stale edits, and is frozen into a report", async () => {
    const templates = await viewer.runbook.templates({ workspaceSlug, modelSlug: "fraud-risk" });
    expect(templates.map((t) => t.title)).toContain("What to check first when AUC drops");
    const rb = await editor.runbook.create({ workspaceSlug, modelSlug: "fraud-risk", ...templates[1]! });
    const v2 = await editor.runbook.update({ workspaceSlug, id: rb.id, expectedRevision: 1, title: rb.title, topic: "feature_drift", body: "Check skew first." });
    expect(v2.revision).toBe(2);
    expect((await trpcError(editor.runbook.update({ workspaceSlug, id: rb.id, expectedRevision: 1, title: rb.title, topic: "feature_drift", body: "stale" }))).code).toBe("CONFLICT");
    expect((await viewer.runbook.history({ workspaceSlug, id: rb.id })).map((h) => h.revision)).toEqual([2, 1]);
    expect((await viewer.runbook.revision({ workspaceSlug, id: rb.id, revision: 1 })).body).toBe(templates[1]!.body);
    expect((await trpcError(viewer.runbook.create({ workspaceSlug, modelSlug: "fraud-risk", title: "Nope", topic: "other", body: "" }))).code).toBe("FORBIDDEN");

    const { runId } = await insertFinishedRun(prisma, workspaceId, modelId);
    const { id } = await editor.report.create({ workspaceSlug, runId, runbookIds: [rb.id] });
    await editor.runbook.update({ workspaceSlug, id: rb.id, expectedRevision: 2, title: rb.title, topic: "feature_drift", body: "Changed later." });
    const report = await viewer.report.get({ workspaceSlug, id });
    expect(report.runbooks).toEqual([expect.objectContaining({ id: rb.id, revision: 2, body: "Check skew first." })]);
    expect((await viewer.report.preview({ workspaceSlug, id })).body).toContain("Check skew first.");
  });
});

describe("share links", () => {
  let reportId = "";
  beforeAll(async () => {
    const { runId } = await insertFinishedRun(prisma, workspaceId, modelId);
    reportId = (await editor.report.create({ workspaceSlug, runId, title: "Shared fraud report" })).id;
  });

  it("stores only a hash of a 256-bit token and opens signed out", async () => {
    const link = await editor.report.createLink({ workspaceSlug, id: reportId, expiresInDays: 7 });
    const token = link.url.split("/share/")[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await prisma.shareLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(row.tokenHash).toBe(hashShareToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const shared = await anonymous.report.shared({ token });
    expect(shared.title).toBe("Shared fraud report");
    expect(shared.html).toContain('<meta name="robots" content="noindex');
    expect(shared.html).not.toMatch(/<script|\/w\/|\/api\//);
    const links = await viewer.report.links({ workspaceSlug, id: reportId });
    expect(links[0]).toMatchObject({ id: link.id, state: "active", openCount: 1 });
    expect(links[0]!.lastOpenedAt).not.toBeNull();
  });

  it("stops working at once when revoked, or expired — the same NOT_FOUND as an unknown token", async () => {
    const link = await editor.report.createLink({ workspaceSlug, id: reportId });
    const token = link.url.split("/share/")[1]!;
    expect(link.expiresAt).toBeNull();
    await anonymous.report.shared({ token });
    await editor.report.revokeLink({ workspaceSlug, id: reportId, linkId: link.id });
    const revoked = await trpcError(anonymous.report.shared({ token }));
    const unknown = await trpcError(anonymous.report.shared({ token: "A".repeat(43) }));
    expect([revoked.code, revoked.message]).toEqual([unknown.code, unknown.message]);
    expect(revoked.code).toBe("NOT_FOUND");

    const exp = await editor.report.createLink({ workspaceSlug, id: reportId, expiresInDays: 1 });
    const expToken = exp.url.split("/share/")[1]!;
    expect(await resolveShareToken(prisma, expToken, new Date(Date.now() + 2 * 24 * 3600 * 1000))).toBeNull();
    await prisma.shareLink.update({ where: { id: exp.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await trpcError(anonymous.report.shared({ token: expToken }))).message).toBe(unknown.message);
    expect((await viewer.report.links({ workspaceSlug, id: reportId })).find((l) => l.id === exp.id)?.state).toBe("expired");
  });

  it("only editors and admins create or revoke links; viewers see them", async () => {
    expect((await trpcError(viewer.report.createLink({ workspaceSlug, id: reportId }))).code).toBe("FORBIDDEN");
    const [l] = await viewer.report.links({ workspaceSlug, id: reportId });
    expect((await trpcError(viewer.report.revokeLink({ workspaceSlug, id: reportId, linkId: l!.id }))).code).toBe("FORBIDDEN");
  });
});

describe("v1 API", () => {
  const auth = () => ({ authorization: `Bearer ${apiKey}` });
  const ctx = <P extends Record<string, string>>(p: P) => ({ params: Promise.resolve(p) });

  it("creates a report from a run, a link, revokes it, exports HTML and PDF", async () => {
    const { runId } = await insertFinishedRun(prisma, workspaceId, modelId);
    const created = await createReportRoute(new Request(`http://x/api/v1/runs/${runId}/reports`, { method: "POST", headers: auth(), body: JSON.stringify({ title: "API report" }) }), ctx({ id: runId }));
    expect(created.status).toBe(201);
    const report = (await created.json()) as { id: string; status: string };
    expect(report.status).toBe("fail");

    const linkRes = await createLinkRoute(new Request("http://x", { method: "POST", headers: auth(), body: JSON.stringify({ expiresInDays: 3 }) }), ctx({ id: report.id }));
    expect(linkRes.status).toBe(201);
    const link = (await linkRes.json()) as { id: string; url: string; expiresAt: string };
    expect(link.url).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
    expect(new Date(link.expiresAt).getTime()).toBeGreaterThan(Date.now() + 2.9 * 24 * 3600 * 1000);
    const token = link.url.split("/share/")[1]!;
    expect((await anonymous.report.shared({ token })).title).toBe("API report");
    const del = await revokeLinkRoute(new Request("http://x", { method: "DELETE", headers: auth() }), ctx({ id: report.id, linkId: link.id }));
    expect(await del.json()).toEqual({ id: link.id, revoked: true });
    expect((await trpcError(anonymous.report.shared({ token }))).code).toBe("NOT_FOUND");

    const html = await exportRoute(new Request(`http://x/api/v1/reports/${report.id}/export?format=html`, { headers: auth() }), ctx({ id: report.id }));
    expect(html.headers.get("content-type")).toContain("text/html");
    const text = await html.text();
    expect(text).toContain("API report");
    expect(text.length).toBeLessThan(1_000_000);

    const bad = await exportRoute(new Request(`http://x/api/v1/reports/${report.id}/export?format=docx`, { headers: auth() }), ctx({ id: report.id }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
  });

  it("answers 401 without a key and 404 for another workspace's report", async () => {
    const noKey = await exportRoute(new Request("http://x/api/v1/reports/x/export"), ctx({ id: "x" }));
    expect(noKey.status).toBe(401);
    const other = await createWorkspaceWith(`rep-other-${Date.now()}`, []);
    const otherKey = (await createApiKey(prisma, other.id, { id: null, label: "t" }, { name: "other", scopes: ["report"] })).secret;
    const r = await prisma.report.findFirstOrThrow({ where: { workspaceId } });
    const res = await exportRoute(new Request("http://x/?format=html", { headers: { authorization: `Bearer ${otherKey}` } }), ctx({ id: r.id }));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  });

  it.skipIf(!existsSync(process.env.CHROMIUM_PATH || "/usr/bin/chromium"))("exports a PDF whose text holds the summary's numbers", async () => {
    const r = await prisma.report.findFirstOrThrow({ where: { workspaceId, title: "API report" } });
    const res = await exportRoute(new Request(`http://x/?format=pdf`, { headers: auth() }), ctx({ id: r.id }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "rep-pdf-")), "r.pdf");
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    for (const n of ["0.83", "$0.50", "$0.83", "62.0%", "0.61", "txn_sum_30d"]) expect(text).toContain(n);
    expect(text).toMatch(/page 1 of \d+/);
  }, 60_000);
});
