/**
 * Benchmark: the guardrail evaluation of one finished run with 1,000 guardrails × 10 cohorts
 * (each guardrail watches PSI of its own feature, for every cohort) on a fresh SQLite file.
 * Prints seconds for the first run (opens incidents: 5% of features breach per cohort = 500),
 * a second run (appends to them), re-evaluating the same run (idempotent: writes nothing), a
 * steady run and a run where the breaching features shift, then the median of ten more runs.
 * Goal: ≤ 1 s. Wall time and CPU time (user + system of this process) are printed: on a machine
 * shared with other work the wall time measures the queue for a core, the CPU time the work.
 *
 * CHANNELS=2 adds that many enabled webhook channels (nothing is sent: the bench has no worker),
 * so the runs also write the grouped notifications to the outbox, as a workspace with channels does.
 *
 *   npx tsx bench/guardrails.ts            (GUARDRAILS=1000 COHORTS=10 CHANNELS=0)
 */
import os from "node:os";
import { openBenchDatabase } from "./fresh-sqlite";

const GUARDRAILS = Number(process.env.GUARDRAILS ?? 1000);
const COHORTS = Number(process.env.COHORTS ?? 10);
const CHANNELS = Number(process.env.CHANNELS ?? 0);

const { prisma, ws, model, close } = await openBenchDatabase("guardrails");
const { evaluateRunGuardrails } = await import("@/server/control/guardrails/evaluate-run");
const features = Array.from({ length: GUARDRAILS }, (_, i) => `f${i}`);
const nb = await prisma.notebook.create({
  data: { workspaceId: ws.id, modelId: model.id, title: "bench", cells: JSON.stringify([{ id: "drift", type: "evaluator", pluginId: "drift.psi", config: {}, columns: features }]) },
});
await prisma.guardrail.createMany({
  data: features.map((f) => ({ workspaceId: ws.id, modelId: model.id, notebookId: nb.id, cellId: "drift", name: `psi ${f}`, metric: "psi", column: f, cohortMode: "each", op: ">", warn: 0.1, fail: 0.25, minSamples: 30 })),
});

await prisma.notificationChannel.createMany({
  data: Array.from({ length: CHANNELS }, (_, i) => ({
    workspaceId: ws.id,
    name: `hook ${i}`,
    kind: "webhook",
    config: JSON.stringify({ url: `http://127.0.0.1:9/hook${i}`, secret: "s".repeat(24) }),
    severities: JSON.stringify(["info", "warning", "critical"]),
    enabled: true,
  })),
});

function result(seed: number) {
  const cohorts = Array.from({ length: COHORTS }, (_, c) => ({
    cohort: c === 0 ? "all" : `c${c}`,
    status: "pass",
    n: 1000,
    metrics: {},
    columns: features.map((f, i) => ({ column: f, status: "pass", metrics: { psi: (i + c + seed) % 20 === 0 ? 0.4 : 0.02 + ((i * 7 + c) % 10) / 100 } })),
  }));
  return { plugin: "drift.psi", version: "1.0.0", status: "fail", cohorts, n: { current: 1000, reference: 1000 } };
}

async function run(seed: number) {
  const now = new Date();
  const r = await prisma.run.create({
    data: {
      notebookId: nb.id, workspaceId: ws.id, modelId: model.id, status: "succeeded", trigger: "schedule", notebookRevision: 1, snapshot: "{}", finishedAt: now,
      cells: { create: [{ cellId: "drift", position: 0, type: "evaluator", status: "succeeded", result: JSON.stringify(result(seed)), resultStatus: "fail", finishedAt: now }] },
    },
  });
  return r.id;
}

async function timed(label: string, runId: string) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await evaluateRunGuardrails(prisma, runId);
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  console.log(`${label.padEnd(36)} ${wall.toFixed(3)} s wall  ${cpu.toFixed(3)} s CPU  (${out.observations} observations, ${out.opened.length} opened, ${out.appended.length} appended, ${out.resolved.length} resolved, ${out.skipped} skipped)`);
  return { wall, cpu };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

console.log(`${GUARDRAILS} guardrails × ${COHORTS} cohorts on one run, ${CHANNELS} notification channels (goal ≤ 1 s each); load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, ${os.cpus().length} cores`);
const r1 = await run(0);
await timed("first run (opens incidents)", r1);
const r2 = await run(0);
await timed("second run (appends)", r2);
await timed("same run again (idempotent)", r2);
await timed("same breaches again (500 appends)", await run(0));
await timed("shifted run (500 fire, 500 recover)", await run(5));
const more: { wall: number; cpu: number }[] = [];
for (let i = 0; i < 10; i++) more.push(await timed(`run ${i + 6} (shift ${(i % 4) * 5})`, await run((i % 4) * 5)));
console.log(`median of the last 10: ${median(more.map((m) => m.wall)).toFixed(3)} s wall, ${median(more.map((m) => m.cpu)).toFixed(3)} s CPU; worst ${Math.max(...more.map((m) => m.wall)).toFixed(3)} s wall, ${Math.max(...more.map((m) => m.cpu)).toFixed(3)} s CPU; load average now ${os.loadavg()[0]!.toFixed(2)}`);
await close();
