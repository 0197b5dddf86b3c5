/**
 * `evalbook run --notebook ID [--wait]` and `evalbook check --notebook ID` — run a notebook from a
 * shell or CI. Works on the local database (DATABASE_URL) and Redis (REDIS_URL); a worker
 * (`npm run worker`, or `npm start`) does the work.
 *
 * `check` is a CI gate: it waits for the run and exits 1 when a cell failed or any result is
 * `fail` (a red line crossed), 0 when everything passed or only warned, 2 when it could not tell
 * (no worker, timeout, unknown notebook).
 */
import type { Command } from "commander";

const CLI_ACTOR = { id: null, label: "cli" };
const FINAL = ["succeeded", "failed", "cancelled"];

interface RunOpts {
  notebook: string;
  wait?: boolean;
  timeout: string;
  json?: boolean;
}

async function runNotebook(o: RunOpts, gate: boolean): Promise<number> {
  const { prisma } = await import("../db/client");
  const { closeProducer } = await import("../jobs/queues");
  const { startRun, getRun } = await import("../notebooks/runs");
  const out = (s: string) => process.stdout.write(s + "\n");
  const err = (s: string) => process.stderr.write(s + "\n");
  try {
    const nb = await prisma.notebook.findUnique({ where: { id: o.notebook } });
    if (!nb) {
      err(`evalbook: no notebook "${o.notebook}" (find ids with GET /api/v1/models/{slug}/notebooks).`);
      return 2;
    }
    const started = await startRun(prisma, nb.workspaceId, CLI_ACTOR, nb.id, { trigger: "cli" });
    if (started.warning) err(`evalbook: ${started.warning}`);
    if (!o.wait && !gate) {
      if (o.json) out(JSON.stringify({ runId: started.runId, status: started.status }));
      else out(`Started run ${started.runId} of "${nb.title}" (${started.status}).`);
      return 0;
    }
    if (!o.json) err(`Run ${started.runId} of "${nb.title}" started; waiting…`);
    const deadline = Date.now() + Number(o.timeout) * 1000;
    let run = await getRun(prisma, null, started.runId);
    let lastDone = -1;
    while (!FINAL.includes(run.status)) {
      if (Date.now() > deadline) {
        err(`evalbook: the run did not finish within ${o.timeout} s (${run.progress.done}/${run.progress.total} cells done). Is a worker running? (npm run worker)`);
        return 2;
      }
      if (!o.json && run.progress.done !== lastDone) {
        lastDone = run.progress.done;
        err(`  ${run.progress.done}/${run.progress.total} cells done`);
      }
      await new Promise((r) => setTimeout(r, 500));
      run = await getRun(prisma, null, started.runId);
    }
    const failedCells = run.cells.filter((c) => c.status === "failed");
    const failing = run.cells.filter((c) => c.type !== "chart" && c.resultStatus === "fail");
    if (o.json) out(JSON.stringify(run));
    else {
      for (const c of run.cells) {
        if (c.type === "markdown") continue;
        const label = c.title ?? c.cellId;
        const detail = c.status === "failed" ? `FAILED: ${c.error}` : c.status === "succeeded" ? (c.resultStatus ?? "") : c.status;
        out(`${label.padEnd(32)} ${(c.pluginRef ?? "").padEnd(28)} ${detail}`);
      }
      out(`Run ${run.id}: ${run.status}, results ${run.resultStatus ?? "n/a"}.`);
    }
    if (!gate) return run.status === "succeeded" ? 0 : 1;
    if (failedCells.length || failing.length || run.status !== "succeeded") {
      if (!o.json) err(`evalbook check: FAIL — ${failedCells.length} cell(s) failed, ${failing.length} result(s) crossed a fail threshold.`);
      return 1;
    }
    if (!o.json) err("evalbook check: OK");
    return 0;
  } finally {
    await closeProducer();
    await prisma.$disconnect();
  }
}

export function registerRunCommands(program: Command): void {
  program
    .command("run")
    .description("Start a notebook run (a worker must be running); --wait to wait for its results")
    .requiredOption("--notebook <id>", "notebook id")
    .option("--wait", "wait until the run has finished and print its cells")
    .option("--timeout <seconds>", "how long --wait waits", "600")
    .option("--json", "machine-readable output")
    .action(async (o: RunOpts) => {
      process.exitCode = await runNotebook(o, false);
    });
  program
    .command("check")
    .description("Run a notebook and exit non-zero when a cell fails or a result crosses a fail threshold (CI gate)")
    .requiredOption("--notebook <id>", "notebook id")
    .option("--timeout <seconds>", "how long to wait for the run", "600")
    .option("--json", "print the run as JSON")
    .action(async (o: RunOpts) => {
      process.exitCode = await runNotebook(o, true);
    });
}
