/** Notebook + run helpers shared by the fault tests. */
import { waitFor } from "./harness";
import type { workspaceWithModel } from "./setup-workspace";

export type WorkspaceEnv = Awaited<ReturnType<typeof workspaceWithModel>>;

type SaveInput = Parameters<WorkspaceEnv["caller"]["notebook"]["save"]>[0];

/** The defaults most test notebooks use: the last 7 days, no reference, cohorts by `cohortKeys`. */
export function lastWeek(cohortKeys: string[] = [], minCohortSize = 10): NonNullable<SaveInput["defaults"]> {
  return { versions: [], window: { kind: "lastDays", days: 7 }, reference: { kind: "none" }, cohortKeys, minCohortSize };
}

/** A notebook on `payments` saved once with `cells` (and `defaults` where given): `{ workspaceSlug, notebookId }`. */
export async function savedNotebook(env: WorkspaceEnv, title: string, cells: SaveInput["cells"], defaults?: SaveInput["defaults"]) {
  const nb = await env.caller.notebook.create({ workspaceSlug: env.slug, modelSlug: "payments", title });
  const w = { workspaceSlug: env.slug, notebookId: nb.id };
  await env.caller.notebook.save({ ...w, expectedRevision: 1, defaults, cells });
  return w;
}

/** A notebook of `n` evaluator cells that each keep a thread busy for delayMs. */
export async function slowNotebook(env: WorkspaceEnv, title: string, n: number, delayMs: number) {
  const cells = Array.from({ length: n }, (_, i) => ({ type: "evaluator" as const, id: `slow${i}`, pluginId: "test.mean", config: { delayMs } }));
  return (await savedNotebook(env, title, cells, lastWeek())).notebookId;
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
