/**
 * The report's Traffic section over sampled traffic, through the real stack: predictions logged at
 * a 5% sample rate, an evaluator run over the window (evaluateSelection), the report service
 * freezing the run, and the HTML renderer. An old snapshot without the section still renders.
 */
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/server/db/client";
import { createModel } from "@/server/services/models";
import { predictionRepository } from "@/server/predictions";
import { validatePrediction, type NormalizedPrediction } from "@/server/ingest/validate";
import { evaluateSelection } from "@/server/notebooks/evaluation";
import { renderStandaloneHtml } from "@/server/reports/html";
import type { ReportSnapshot } from "@/server/reports/types";
import { callerFor, createWorkspaceWith, signUp, uniqueEmail } from "../../helpers/auth";
import { FRAUD_MODEL } from "../../unit/reports/fixture";
import { insertFinishedRun } from "./seed-run";

const FROM = "2025-11-18T00:00:00.000Z";
const TO = "2025-11-25T00:00:00.000Z";
const DAY = 86_400_000;

type Caller = Awaited<ReturnType<typeof callerFor>>;
let editor: Caller;
let workspaceSlug = "";
let workspaceId = "";
let modelId = "";
let emptyModelId = "";

/** `n` rows of `version` logged at `rate`, spread over the 7 days from `start`; every 10th failed. */
function rows(version: string, n: number, rate: number, start: number, prefix: string): NormalizedPrediction[] {
  const ctx = { now: start + 30 * DAY, defaultVersion: version, knownVersions: null, maxFeaturesPerRow: 10 };
  return Array.from(
    { length: n },
    (_, i) =>
      validatePrediction(
        {
          requestId: `${prefix}-${i}`,
          version,
          prediction: (i % 10) / 10,
          timestamp: start + Math.floor((i * 7 * DAY) / n),
          latencyMs: 20 + (i % 50),
          error: i % 10 === 0 ? "timeout" : null,
          sampleRate: rate,
          features: { amount: i % 97 },
        },
        i,
        ctx,
      ) as NormalizedPrediction,
  );
}

beforeAll(async () => {
  const e = await signUp(uniqueEmail("rep-traffic"));
  workspaceSlug = `rept-${Date.now()}`;
  workspaceId = (await createWorkspaceWith(workspaceSlug, [{ userId: e.userId, role: "editor" }])).id;
  editor = await callerFor(e.cookie);
  const { id: _i, versions: _v, ...fields } = FRAUD_MODEL;
  const actor = { id: e.userId, label: "test" };
  const model = (slug: string) =>
    createModel(prisma, workspaceId, actor, { ...fields, slug, endpoint: "svc", tags: [], versions: [{ label: "v3.2", stage: "production" }, { label: "v3.3", stage: "shadow" }] } as never);
  modelId = (await model("fraud-sampled")).id;
  emptyModelId = (await model("fraud-empty")).id;
  const repo = predictionRepository();
  const ref = (await repo.findModel(workspaceId, "fraud-sampled"))!;
  // in the window: 700 rows of v3.2 at 5% (≈ 14,000 requests), 350 of v3.3 logged in full
  await repo.writePredictions(ref, rows("v3.2", 700, 0.05, Date.parse(FROM), "a"));
  await repo.writePredictions(ref, rows("v3.3", 350, 1, Date.parse(FROM), "b"));
  // after the window: must not count
  await repo.writePredictions(ref, rows("v3.2", 200, 0.05, Date.parse(TO) + 3 * DAY, "late"));
}, 60_000);

const dom = (html: string) => new JSDOM(html).window.document;

describe("a report's Traffic section", () => {
  it("freezes estimated requests per version over the window, and the sample an evaluator's result rests on", async () => {
    const output = await evaluateSelection({
      modelId,
      pluginId: "data.quality",
      config: {},
      selection: { versions: ["v3.2"], from: FROM, to: TO, reference: { kind: "none" }, cohortKeys: [], minCohortSize: 30 },
    });
    expect(output.n.current).toBe(700);
    expect(output.sample).toMatchObject({ rows: 700, sampledRows: 700, note: "from a 5% sample: 700 logged rows" });
    expect(output.sample!.requests).toBeCloseTo(14_000, 6);

    const { runId } = await insertFinishedRun(prisma, workspaceId, modelId, {
      mutate: (run) => {
        const cell = run.cells.find((c) => c.cellId === "quality")!;
        cell.pluginRef = `${output.plugin}@${output.version}`;
        cell.result = output;
        cell.resultStatus = output.status;
      },
    });
    const { id } = await editor.report.create({ workspaceSlug, runId });
    const report = await editor.report.get({ workspaceSlug, id });
    const traffic = report.snapshot.traffic!;
    expect(traffic.state).toBe("shown");
    if (traffic.state !== "shown") throw new Error("unreachable");
    expect(traffic.days).toEqual({ from: "2025-11-18", to: "2025-11-24" });
    // the fixture run's versions: v3.2 only (the late rows are outside the window)
    expect(traffic.versions.map((v) => [v.version, v.predictions, Math.round(v.requests), v.sampledRows])).toEqual([["v3.2", 700, 14_000, 700]]);
    const v = traffic.versions[0]!;
    expect(v.errorRate).toBeCloseTo(0.1, 6);
    expect(v.requestsPerMinute).toBeCloseTo(14_000 / (7 * 1440), 6);
    expect(v.latencyP95Ms).toBeGreaterThan(v.latencyP50Ms!);

    const html = renderStandaloneHtml(report);
    const doc = dom(html);
    const section = doc.querySelector('[data-testid="report-traffic"]')!;
    expect(section.textContent).toContain("≈ 14k requests, from a 5% sample");
    const row = [...section.querySelectorAll('[data-testid="traffic-versions"] tbody tr')].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent));
    expect(row).toEqual([["v3.2", "≈ 14k", "≈ 1.39/min", "10.0%", expect.stringMatching(/ ms$/), expect.stringMatching(/ ms$/), "from a 5% sample: 700 logged rows"]]);
    expect(section.querySelectorAll("figure svg").length).toBe(3);
    expect(section.textContent).toContain("≈ requests / min (estimated)");
    // the evaluator's result states its sample next to n
    expect(doc.querySelector('[data-cell="quality"] [data-testid="sample-note"]')!.textContent).toBe("n = 700 · from a 5% sample: 700 logged rows");

    // frozen: traffic logged into the window later does not change the report
    await predictionRepository().writePredictions((await predictionRepository().findModel(workspaceId, "fraud-sampled"))!, rows("v3.2", 100, 1, Date.parse(FROM), "more"));
    const again = await editor.report.get({ workspaceSlug, id });
    expect(again.snapshot.traffic).toEqual(traffic);
  });

  it("is absent with its reason when the window has no traffic", async () => {
    const { runId } = await insertFinishedRun(prisma, workspaceId, emptyModelId);
    const { id } = await editor.report.create({ workspaceSlug, runId });
    const report = await editor.report.get({ workspaceSlug, id });
    expect(report.snapshot.traffic).toEqual({ state: "absent", reason: "no data: 0 predictions in the window" });
    expect(dom(renderStandaloneHtml(report)).querySelector('[data-testid="report-traffic"]')!.textContent).toContain("no data: 0 predictions in the window");
  });

  it("renders an older snapshot frozen before the section existed", async () => {
    const { runId } = await insertFinishedRun(prisma, workspaceId, emptyModelId);
    const { id } = await editor.report.create({ workspaceSlug, runId });
    const row = await prisma.report.findUniqueOrThrow({ where: { id } });
    const { traffic: _t, ...old } = JSON.parse(row.snapshot) as ReportSnapshot;
    await prisma.report.update({ where: { id }, data: { snapshot: JSON.stringify(old) } });
    const report = await editor.report.get({ workspaceSlug, id });
    expect(report.snapshot.traffic).toBeUndefined();
    const doc = dom(renderStandaloneHtml(report));
    expect(doc.querySelector('[data-testid="report-traffic"]')).toBeNull();
    expect(doc.querySelector('[data-testid="leadership-summary"]')).not.toBeNull();
    expect(doc.querySelector('[data-cell="quality"]')).not.toBeNull();
  });
});
