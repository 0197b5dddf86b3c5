/**
 * The compiled worker that `npm start` runs (dist/worker.mjs, scripts/build-server.mjs) evaluates
 * cells on its evaluation threads. The other worker tests run the TypeScript sources, so a bundle
 * that cannot find its thread file (a module moved into dist/chunks/) passed them all.
 */
import { describe, expect, it } from "vitest";
import { buildServerIfNeeded } from "../../../scripts/build-server.mjs";
import { isolate } from "./harness";

const db = isolate("nbcompiled");
const { workerSuite } = await import("./worker-suite");

const suite = workerSuite("nbcompiled", {
  dispose: () => db.dispose(),
  workerArgs: ["dist/worker.mjs"],
  // no test hooks: they are a TypeScript module, which the compiled worker does not load by itself
  workerEnv: { EVALBOOK_EVAL_THREADS: "1", EVALBOOK_TEST_HOOKS: "" },
  before: async () => {
    expect(await buildServerIfNeeded()).not.toBe("failed");
  },
});

describe("the compiled worker", () => {
  it("runs a notebook's evaluator cell on an evaluation thread", async () => {
    const nb = await suite.env.caller.notebook.create({ workspaceSlug: suite.env.slug, modelSlug: "payments", title: "compiled" });
    await suite.env.caller.notebook.save({
      workspaceSlug: suite.env.slug,
      notebookId: nb.id,
      expectedRevision: 1,
      defaults: { versions: [], window: { kind: "lastDays", days: 7 }, reference: { kind: "none" }, cohortKeys: [], minCohortSize: 10 },
      cells: [{ type: "evaluator" as const, id: "dq", pluginId: "data.quality", config: {} }],
    });
    const { runId } = await suite.env.caller.notebook.run({ workspaceSlug: suite.env.slug, notebookId: nb.id });
    const run = await suite.finishedRun(runId, 90_000);
    expect(suite.worker.output()).not.toContain("evaluation thread crashed");
    expect(run.status, `${run.error ?? ""}\n${suite.worker.output().slice(-2000)}`).toBe("succeeded");
    expect(suite.worker.output()).toContain("evaluation thread started");
  }, 120_000);
});
