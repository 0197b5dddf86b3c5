/**
 * Benchmark: reading every cell's latest result for the notebook page (notebook.cellResults /
 * GET /api/v1/notebooks/{id}) on a notebook of CELLS evaluator cells with RUNS runs behind it —
 * one full run first, then partial runs of 1–3 cells each, every result 30 features × 5 cohorts —
 * on a fresh SQLite file. Prints milliseconds per read (median of 5) and the result bytes read.
 * Goal: well under the page's 1 s poll while a run computes.
 *
 *   npx tsx bench/notebook-cell-results.ts            (CELLS=40 RUNS=200)
 */
import { openBenchDatabase } from "./fresh-sqlite";

const CELLS = Number(process.env.CELLS ?? 40);
const RUNS = Number(process.env.RUNS ?? 200);

const { prisma, ws, model, close } = await openBenchDatabase("cells");
const { notebookCellResults } = await import("@/server/notebooks/cell-results");
const features = Array.from({ length: 30 }, (_, i) => `f${i}`);
const cells = Array.from({ length: CELLS }, (_, i) => ({ id: `c${i}`, type: "evaluator", pluginId: "drift.psi", config: {}, columns: features }));
const defaults = { versions: [], window: { kind: "lastDays", days: 7 }, reference: { kind: "none" }, cohortKeys: [], minCohortSize: 30 };
const nb = await prisma.notebook.create({ data: { workspaceId: ws.id, modelId: model.id, title: "bench", cells: JSON.stringify(cells), defaults: JSON.stringify(defaults) } });

const result = JSON.stringify({
  plugin: "drift.psi",
  version: "1.0.0",
  status: "warn",
  cohorts: Array.from({ length: 5 }, (_, c) => ({ cohort: c ? `k${c}` : "all", status: "warn", n: 1000, metrics: {}, columns: features.map((f, i) => ({ column: f, status: "pass", metrics: { psi: ((i + c) % 10) / 40 } })) })),
});
const snapshot = JSON.stringify({ title: "bench", defaults, cells });
let bytes = 0;
for (let r = 0; r < RUNS; r++) {
  const chosen = r === 0 ? cells : cells.filter((_, i) => (i + r) % Math.max(1, Math.floor(CELLS / (1 + (r % 3)))) === 0).slice(0, 3);
  const at = new Date(Date.now() - (RUNS - r) * 60_000);
  await prisma.run.create({
    data: {
      notebookId: nb.id, workspaceId: ws.id, modelId: model.id, status: "succeeded", trigger: "manual", notebookRevision: 1, snapshot, createdAt: at, finishedAt: at,
      cellIds: r === 0 ? null : JSON.stringify(chosen.map((c) => c.id)),
      cells: { create: chosen.map((c, position) => ({ cellId: c.id, position, type: "evaluator", status: "succeeded", pluginRef: "drift.psi@1.0.0", result, resultStatus: "warn", selection: JSON.stringify({ versions: ["v1"] }), finishedAt: at })) },
    },
  });
}

const times: number[] = [];
let found = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const states = await notebookCellResults(prisma, ws.id, nb.id);
  times.push(performance.now() - t0);
  found = states.filter((s) => s.latest).length;
  bytes = states.reduce((n, s) => n + JSON.stringify(s.latest?.result ?? null).length, 0);
}
times.sort((a, b) => a - b);
console.log(`cells=${CELLS} runs=${RUNS}: latest result for ${found}/${CELLS} cells in ${times[2]!.toFixed(1)} ms (median of 5; min ${times[0]!.toFixed(1)}, max ${times[4]!.toFixed(1)}), ${(bytes / 1024).toFixed(0)} KiB of results`);
await close();
