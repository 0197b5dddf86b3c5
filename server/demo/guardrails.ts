/**
 * Demo guardrails that fire on the demo traffic's stories, plus one run of each demo notebook so
 * the worker evaluates them after `npm start` and the inbox shows the incidents with their runbooks:
 * - fraud-risk: txn_sum_30d computed differently online (skew) — a red line with a dry-run rollback
 *   to the previous production version (v3.1);
 * - lead-scoring: its SLO "AUC ≥ 0.80 for every tier" is a guardrail: fires for `strategic` alone;
 * - support-triage: its SLO "Cost per request ≤ $0.002", evaluated on the comparison's B side,
 *   fires for the LLM version; the seed links both SLO guardrails to their runbooks;
 * - product-recs: item_category drift during the holiday sale.
 * Idempotent: guardrails are matched by name, runs are started only for notebooks that have none.
 */
import type { PrismaClient } from "../generated/prisma/client";
import { DEMO_NOTEBOOKS } from "./notebooks";
import { DEMO_WORKSPACE } from "./inventory";
import type { GuardrailInput } from "../control/guardrails/types";
import { guardrailFieldsSchema } from "../control/guardrails/types";
import { startRun } from "../notebooks/runs";
import { syncSloGuardrails } from "../control/guardrails/slo";

interface DemoGuardrail {
  model: string;
  notebookTitle: string;
  runbook: string;
  fields: Omit<GuardrailInput, "notebookId">;
}

const byTitle = (model: string) => DEMO_NOTEBOOKS.find((n) => n.model === model)!.title;

export const DEMO_GUARDRAILS: DemoGuardrail[] = [
  {
    model: "fraud-risk",
    notebookTitle: byTitle("fraud-risk"),
    runbook: "When txn_sum_30d drifts or skews",
    fields: {
      name: "txn_sum_30d computed like training",
      cellId: "skew",
      metric: "mismatch_share",
      column: "txn_sum_30d",
      op: ">",
      warn: 0.05,
      fail: 0.2,
      severity: "critical",
      minSamples: 100,
      rollbackMode: "dry_run",
      rollbackUrl: "https://deploy.example.internal/api/rollback",
      // a red line nobody acknowledges is announced again every hour
      renotifyMinutes: 60,
    },
  },
  {
    model: "product-recs",
    notebookTitle: byTitle("product-recs"),
    runbook: "When the catalogue shifts (sales, holidays)",
    fields: { name: "item_category stable", cellId: "drift", metric: "psi", column: "item_category", op: ">", warn: 0.1, fail: 0.25, severity: "warning" },
  },
];

/** Runbooks linked to the guardrails the models' SLOs become. */
const SLO_RUNBOOKS: { model: string; slo: string; runbook: string; minSamples?: number }[] = [
  { model: "lead-scoring", slo: "AUC ≥ 0.80 for every tier", runbook: "When AUC drops for strategic accounts", minSamples: 30 },
  { model: "support-triage", slo: "Cost per request ≤ $0.002", runbook: "When the LLM triage cost jumps" },
];

/** v3.1 was fraud-risk's production version before v3.2: the stage history a rollback returns along. */
async function seedStageHistory(db: PrismaClient, workspaceId: string) {
  const model = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId, slug: "fraud-risk" } }, include: { versions: true } });
  const previous = model?.versions.find((v) => v.label === "v3.1");
  if (!model || !previous) return;
  if (await db.stageChange.findFirst({ where: { versionId: previous.id, toStage: "production" } })) return;
  const day = 24 * 3600 * 1000;
  await db.stageChange.createMany({
    data: [
      { versionId: previous.id, fromStage: "candidate", toStage: "production", changedAt: new Date(Date.now() - 90 * day), reason: "demo history" },
      { versionId: previous.id, fromStage: "production", toStage: "retired", changedAt: new Date(Date.now() - 30 * day), reason: "demo history: replaced by v3.2" },
    ],
  });
}

/** Creates the missing demo guardrails and starts one run of each demo notebook that never ran. */
export async function seedDemoGuardrails(db: PrismaClient, opts: { startRuns?: boolean } = {}): Promise<{ created: number; runs: number }> {
  const ws = await db.workspace.findUnique({ where: { slug: DEMO_WORKSPACE.slug } });
  if (!ws) return { created: 0, runs: 0 };
  await seedStageHistory(db, ws.id);
  let created = 0;
  const notebookIds = new Set<string>();
  for (const demo of DEMO_GUARDRAILS) {
    const model = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId: ws.id, slug: demo.model } } });
    const nb = model && (await db.notebook.findFirst({ where: { modelId: model.id, title: demo.notebookTitle } }));
    if (!model || !nb) continue;
    notebookIds.add(nb.id);
    if (await db.guardrail.findUnique({ where: { modelId_name: { modelId: model.id, name: demo.fields.name } } })) continue;
    const runbook = await db.runbook.findFirst({ where: { modelId: model.id, title: demo.runbook }, select: { id: true } });
    const { runbookIds, ...fields } = guardrailFieldsSchema.parse({ ...demo.fields, notebookId: nb.id, runbookIds: runbook ? [runbook.id] : [] });
    await db.guardrail.create({ data: { ...fields, runbookIds: JSON.stringify(runbookIds), workspaceId: ws.id, modelId: model.id, source: "manual", createdById: null } });
    created++;
  }
  // SLOs are guardrails of their own (server/control/guardrails/slo.ts): link their runbooks.
  for (const link of SLO_RUNBOOKS) {
    const model = await db.model.findUnique({ where: { workspaceId_slug: { workspaceId: ws.id, slug: link.model } } });
    if (!model) continue;
    await syncSloGuardrails(db, model.id);
    const slo = await db.guardrail.findFirst({ where: { modelId: model.id, source: "slo", sloName: link.slo } });
    const runbook = await db.runbook.findFirst({ where: { modelId: model.id, title: link.runbook }, select: { id: true } });
    if (slo && runbook && slo.runbookIds === "[]") await db.guardrail.update({ where: { id: slo.id }, data: { runbookIds: JSON.stringify([runbook.id]), minSamples: link.minSamples ?? 0 } });
    if (slo) notebookIds.add(slo.notebookId);
  }
  let runs = 0;
  if (opts.startRuns !== false) {
    for (const id of notebookIds) {
      if (await db.run.findFirst({ where: { notebookId: id }, select: { id: true } })) continue;
      const result = await startRun(db, ws.id, { id: null, label: "demo seed" }, id, { trigger: "manual" });
      if (!result.existing) runs++;
    }
  }
  return { created, runs };
}
