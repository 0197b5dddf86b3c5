/** Notebook + run helpers shared by the fault tests. */
import { waitFor } from "./harness";
import type { workspaceWithModel } from "./setup-workspace";

export type WorkspaceEnv = Awaited<ReturnType<typeof workspaceWithModel>>;

/** A notebook of `n` evaluator cells that each keep a thread busy for delayMs. */
export async function slowNotebook(env: WorkspaceEnv, title: string, n: number, delayMs: number) {
  const nb = await env.caller.notebook.create({ workspaceSlug: env.slug, modelSlug: "payments", title });
  await env.caller.notebook.save({
    workspaceSlug: env.slug,
    notebookId: nb.id,
    expectedRevision: 1,
    defaults: { versions: [], window: { kind: "lastDays", days: 7 }, reference: { kind: "none" }, cohortKeys: [], minCohortSize: 10 },
    cells: Array.from({ length: n }, (_, i) => ({ type: "evaluator" as const, id: `slow${i}`, pluginId: "test.mean", config: { delayMs } })),
  });
  return nb.id;
}

/** The run once it has ended (succeeded, failed or cancelled); a timeout says `debug()` too. */
export async function waitForRun(env: WorkspaceEnv, runId: string, timeoutMs: number, debug: () => string) {
  return waitFor(
    `run ${runId} to finish`,
    async () => {
      const run = await env.caller.notebook.getRun({ workspaceSlug: env.slug, runId });
      return ["succeeded", "failed", "cancelled"].includes(run.status) ? run : null;
    },
    timeoutMs,
    200,
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${debug()}`);
  });
}
