/**
 * Helpers for the control-loop tests: finished runs with a chosen cell result (written as the
 * worker writes them), a guardrail evaluation through the real worker, local HTTP receivers.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/server/generated/prisma/client";
import type { CohortResult, EvaluationOutput } from "@/server/notebooks/types";
import { enqueue } from "@/server/jobs/queues";
import { waitFor } from "../notebooks/harness";

export function output(plugin: string, cohorts: CohortResult[]): EvaluationOutput {
  return { plugin, version: "1.0.0", status: "pass", cohorts, n: { current: cohorts[0]?.n ?? 0, reference: null } };
}

export function cohort(name: string, n: number, metrics: Record<string, number | null>, columns?: Record<string, Record<string, number | null>>): CohortResult {
  return {
    cohort: name,
    status: "pass",
    n,
    metrics,
    evaluator: "test@1.0.0",
    columns: columns ? Object.entries(columns).map(([column, m]) => ({ column, status: "pass" as const, metrics: m })) : [],
  };
}

/** A succeeded run of `notebookId` whose cell `cellId` holds `result`. */
export async function finishedRun(db: PrismaClient, nb: { id: string; workspaceId: string; modelId: string }, cellId: string, result: EvaluationOutput): Promise<string> {
  const now = new Date();
  const run = await db.run.create({
    data: {
      notebookId: nb.id,
      workspaceId: nb.workspaceId,
      modelId: nb.modelId,
      status: "succeeded",
      trigger: "schedule",
      notebookRevision: 1,
      snapshot: "{}",
      resultStatus: result.status,
      startedAt: now,
      finishedAt: now,
      cells: { create: [{ cellId, position: 0, type: "evaluator", status: "succeeded", result: JSON.stringify(result), resultStatus: result.status, pluginRef: `${result.plugin}@1.0.0`, finishedAt: now }] },
    },
  });
  return run.id;
}

/** Queues the run's guardrail evaluation (a fresh job id each time) and waits until the worker wrote it. */
export async function evaluateThroughWorker(db: PrismaClient, runId: string, opts: { expectRows?: boolean } = {}): Promise<void> {
  const before = await db.guardrailEvaluation.count({ where: { runId } });
  const job = await enqueue("guardrailEvaluate", { runId }, { jobId: `test-${runId}-${randomUUID().slice(0, 8)}` });
  if (opts.expectRows === false || before > 0) {
    await waitFor(`guardrail job ${job.id}`, async () => (await job.isCompleted()) || (await job.isFailed()), 20_000, 50);
    return;
  }
  await waitFor(`guardrail evaluation of run ${runId}`, async () => (await db.guardrailEvaluation.count({ where: { runId } })) > 0, 20_000, 50);
  await waitFor(`guardrail job ${job.id}`, async () => (await job.isCompleted()) || (await job.isFailed()), 20_000, 50);
}

export interface Receiver {
  url: string;
  requests: { headers: http.IncomingHttpHeaders; body: string }[];
  status: number;
  close(): Promise<void>;
}

/** A small HTTP server on 127.0.0.1 that records requests and answers `status`. */
export async function receiver(status = 200): Promise<Receiver> {
  const r: Receiver = { url: "", requests: [], status, close: async () => {} };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      r.requests.push({ headers: req.headers, body });
      res.writeHead(r.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: r.status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () => new Promise((resolve) => server.close(() => resolve()));
  return r;
}
