/**
 * A notebook run end to end on PostgreSQL: sign-up and workspace through Prisma (adapter-pg),
 * predictions and labels through the PostgreSQL prediction store, a real worker process whose
 * evaluation threads read the window from PostgreSQL, results stored, guardrail evaluation written
 * with the bulk JSON statements (db/json-rows.ts) — and an incident opened by a breach.
 */
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createPgTestDatabase, type PgTestDatabase } from "../helpers/pg";
import { waitFor } from "../integration/notebooks/harness";

// Before any server module is imported: they read DATABASE_URL and QUEUE_PREFIX once.
process.env.QUEUE_PREFIX = `${inject("evalbook").queuePrefix}:pgrun`;
const pgdb: PgTestDatabase = await createPgTestDatabase({ useAsDefault: true });
const { workerSuite } = await import("../integration/notebooks/worker-suite");
const { prisma } = await import("@/server/db/client");
const { predictionRepository } = await import("@/server/predictions");
const { validateLabel, validatePrediction } = await import("@/server/ingest/validate");
type Pred = import("@/server/ingest/validate").NormalizedPrediction;
type Label = import("@/server/ingest/validate").NormalizedLabel;

// real data, not the harness's synthetic source: no test hooks in this worker
const suite = workerSuite("pgrun", { dispose: () => pgdb.dispose(), workerEnv: { EVALBOOK_TEST_HOOKS: "" } });

describe("a notebook run on PostgreSQL", () => {
  it("evaluates the stored window with labels in a worker process and opens an incident on a breach", async () => {
    const { caller, slug } = suite.env;
    const ws = await prisma.workspace.findUniqueOrThrow({ where: { slug } });
    const repo = predictionRepository();
    const model = (await repo.findModel(ws.id, "payments"))!;
    const now = Date.now();
    const ctx = { now, defaultVersion: "v1", knownVersions: null, maxFeaturesPerRow: 100 };
    const rows = Array.from(
      { length: 400 },
      (_, i) =>
        validatePrediction(
          { requestId: `p-${i}`, timestamp: now - 3 * 86_400_000 + i * 60_000, prediction: i % 2 ? 0.9 : 0.1, features: { amount: i, tier: i % 3 ? "basic" : "gold" } },
          i,
          ctx,
        ) as Pred,
    );
    expect(await repo.writePredictions(model, rows)).toMatchObject({ accepted: 400, duplicates: 0 });
    // labels agree with the prediction for 3 rows in 4: accuracy 0.75
    const labels = rows.map((r, i) => validateLabel({ requestId: r.requestId, label: i % 4 === 0 ? 1 - (i % 2) : i % 2, timestamp: r.ts + 1000 }, i, now) as Label);
    expect(await repo.writeLabels(model.id, labels)).toEqual({ accepted: 400, duplicates: 0 });

    const nb = await caller.notebook.create({ workspaceSlug: slug, modelSlug: "payments", title: "PG" });
    await caller.notebook.save({
      workspaceSlug: slug,
      notebookId: nb.id,
      expectedRevision: 1,
      defaults: { versions: [], window: { kind: "lastDays", days: 7 }, reference: { kind: "none" }, cohortKeys: ["tier"], minCohortSize: 10 },
      cells: [{ type: "evaluator", id: "q", title: "Quality", pluginId: "quality.binary", config: {} }],
    });
    await caller.guardrail.create({
      workspaceSlug: slug,
      modelSlug: "payments",
      guardrail: { name: "Accuracy floor", notebookId: nb.id, cellId: "q", metric: "accuracy", op: "<", fail: 0.8 } as never,
    });
    const started = await caller.notebook.run({ workspaceSlug: slug, notebookId: nb.id });
    const run = await suite.finishedRun(started.runId, 60_000);
    expect(run.status, suite.worker.output().slice(-3000)).toBe("succeeded");
    const result = run.cells.find((c) => c.cellId === "q")!.result as unknown as { cohorts: { cohort: string; n: number; metrics: Record<string, number> }[] };
    const all = result.cohorts.find((c) => c.cohort === "all")!;
    expect(all.n).toBe(400);
    expect(all.metrics.accuracy).toBeCloseTo(0.75, 5);
    expect(result.cohorts.map((c) => c.cohort).sort()).toEqual(["all", "basic", "gold"]);

    const incident = await waitFor("the guardrail's incident", async () => (await prisma.incident.findFirst({ where: { modelId: model.id } })) ?? null, 30_000);
    expect(incident).toMatchObject({ state: "open", breaches: 1, redLine: false });
    expect(await prisma.guardrailEvaluation.count({ where: { runId: started.runId } })).toBeGreaterThan(0);
    expect(await prisma.incidentEvent.count({ where: { incidentId: incident.id } })).toBeGreaterThan(0);
  }, 120_000);
});
