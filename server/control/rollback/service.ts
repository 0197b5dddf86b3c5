/**
 * Red lines: a guardrail with a rollback action calls the deployment system's endpoint with a
 * signed payload (model, version to leave, version to return to, reason, incident, run, guardrail,
 * idempotency key). Modes: dry_run (records what it would have sent), confirm (an editor presses
 * "Roll back"), automatic (sent by the `rollback` job after the evaluation commits).
 *
 * Never twice: one RollbackRequest per incident (unique), and sending claims the row with a
 * conditional update (status sending, sentAt null). A cooldown per model skips a second rollback
 * too soon after the last one. Only the configured URL is called, redirects are not followed, the
 * timeout is the guardrail's. Every request and answer goes to the audit trail; on a 2xx the stages
 * change (with the incident as the reason), on anything else nothing changes.
 */
import type { Guardrail, Prisma, PrismaClient } from "../../generated/prisma/client";
import { signBody, SIGNATURE_HEADER } from "../../notifications/signing";
import { recordAudit, type Actor } from "../../services/audit";
import { addEvent } from "../incidents/lifecycle";
import { badRequest, conflict, notFound } from "../../domain/errors";
import { logger } from "../../logger";

type Tx = Prisma.TransactionClient;
const SYSTEM: Actor = { id: null, label: "guardrail rollback" };

/** The version in production now, and the last version that was in production before it. */
export async function rollbackTarget(tx: Tx | PrismaClient, modelId: string): Promise<{ from: string; to: string } | { error: string }> {
  const versions = await tx.modelVersion.findMany({ where: { modelId }, select: { id: true, label: true, stage: true } });
  const current = versions.find((v) => v.stage === "production");
  if (!current) return { error: "no version is in production, so there is nothing to roll back" };
  const previous = await tx.stageChange.findFirst({
    where: { toStage: "production", versionId: { in: versions.filter((v) => v.id !== current.id).map((v) => v.id) } },
    orderBy: { changedAt: "desc" },
    select: { versionId: true },
  });
  const to = previous && versions.find((v) => v.id === previous.versionId);
  if (!to) return { error: `no version was in production before ${current.label}` };
  return { from: current.label, to: to.label };
}

/** Inside the evaluation's transaction, when a red line opens an incident. */
export async function createRollbackRequest(
  tx: Tx,
  input: { guardrail: Guardrail; incidentId: string; runId: string; modelId: string; workspaceId: string; now: Date },
): Promise<{ id: string; status: string } | null> {
  const g = input.guardrail;
  if (g.rollbackMode === "off") return null;
  const model = await tx.model.findUniqueOrThrow({ where: { id: input.modelId }, select: { slug: true, name: true } });
  const target = await rollbackTarget(tx, input.modelId);
  const idempotencyKey = `rollback:${input.incidentId}`;
  const base = { from: "", to: "" };
  const { from, to } = "error" in target ? base : target;
  const payload = {
    model: { slug: model.slug, name: model.name },
    fromVersion: from,
    toVersion: to,
    reason: `Guardrail "${g.name}" crossed its red line`,
    incidentId: input.incidentId,
    runId: input.runId,
    guardrailId: g.id,
    idempotencyKey,
  };
  let status: string = g.rollbackMode === "dry_run" ? "dry_run" : g.rollbackMode === "confirm" ? "awaiting_confirmation" : "sending";
  let error: string | null = null;
  if ("error" in target) {
    status = "failed";
    error = target.error;
  } else if (!g.rollbackUrl) {
    status = "failed";
    error = "the guardrail has no rollback URL";
  } else if (status === "sending" && g.rollbackCooldownMinutes > 0) {
    const since = new Date(input.now.getTime() - g.rollbackCooldownMinutes * 60_000);
    const recent = await tx.rollbackRequest.findFirst({ where: { modelId: input.modelId, sentAt: { gte: since } }, select: { id: true } });
    if (recent) {
      status = "skipped_cooldown";
      error = `another rollback of this model was sent less than ${g.rollbackCooldownMinutes} minutes ago`;
    }
  }
  const row = await tx.rollbackRequest.create({
    data: {
      incidentId: input.incidentId,
      workspaceId: input.workspaceId,
      modelId: input.modelId,
      guardrailId: g.id,
      runId: input.runId,
      mode: g.rollbackMode,
      status,
      fromVersion: from,
      toVersion: to,
      url: g.rollbackUrl ?? "",
      payload: JSON.stringify(payload),
      idempotencyKey,
      error,
      requestedBy: g.rollbackMode === "automatic" ? "automatic" : "",
    },
  });
  const body =
    status === "dry_run"
      ? `Dry run: would POST to ${g.rollbackUrl} to move ${model.slug} from ${from} back to ${to}.`
      : status === "awaiting_confirmation"
        ? `Rollback from ${from} to ${to} is ready; an editor confirms it with "Roll back".`
        : status === "sending"
          ? `Automatic rollback from ${from} to ${to} requested.`
          : `Rollback not sent: ${error}.`;
  await addEvent(tx, input.incidentId, { kind: "rollback_requested", runId: input.runId, actorLabel: "guardrail", body, data: { rollbackId: row.id, status, payload } });
  await recordAudit(tx, { workspaceId: input.workspaceId, modelId: input.modelId, actor: SYSTEM, action: `rollback.${status}`, changes: { incidentId: input.incidentId, url: g.rollbackUrl, payload, ...(error ? { error } : {}) } });
  return { id: row.id, status };
}

/** An editor pressed "Roll back" on a confirm-mode incident: claim it and send it now. */
export async function confirmRollback(db: PrismaClient, workspaceId: string, actor: Actor, incidentId: string) {
  const rb = await db.rollbackRequest.findFirst({ where: { incidentId, workspaceId } });
  if (!rb) throw notFound("This incident has no rollback action.");
  if (rb.mode !== "confirm") throw badRequest(`This red line's rollback is "${rb.mode.replace("_", " ")}", not confirm.`);
  const { count } = await db.rollbackRequest.updateMany({ where: { id: rb.id, status: "awaiting_confirmation" }, data: { status: "sending", requestedBy: actor.label } });
  if (count !== 1) throw conflict(`The rollback was already ${rb.status.replace("_", " ")}; it is never sent twice.`);
  await db.$transaction(async (tx) => {
    await addEvent(tx, incidentId, { kind: "rollback_requested", actorId: actor.id, actorLabel: actor.label, body: `Confirmed the rollback from ${rb.fromVersion} to ${rb.toVersion}.`, data: { rollbackId: rb.id } });
    await recordAudit(tx, { workspaceId, modelId: rb.modelId, actor, action: "rollback.confirmed", changes: { incidentId, rollbackId: rb.id } });
  });
  return sendRollback(db, rb.id);
}

export interface RollbackOutcome {
  sent: boolean;
  status: string;
  responseStatus?: number | null;
  error?: string | null;
}

/**
 * Sends a claimed (status "sending", not yet sent) rollback once. Called by the rollback job and by
 * confirmRollback; a second call finds the row already sent and does nothing.
 */
export async function sendRollback(db: PrismaClient, rollbackId: string): Promise<RollbackOutcome> {
  const now = new Date();
  const claim = await db.rollbackRequest.updateMany({ where: { id: rollbackId, status: "sending", sentAt: null }, data: { sentAt: now } });
  const rb = await db.rollbackRequest.findUnique({ where: { id: rollbackId } });
  if (!rb) return { sent: false, status: "missing" };
  if (claim.count !== 1) return { sent: false, status: rb.status, responseStatus: rb.responseStatus, error: rb.error };
  const g = await db.guardrail.findUnique({ where: { id: rb.guardrailId }, select: { rollbackSecret: true, rollbackTimeoutSeconds: true } });
  const headers: Record<string, string> = { "content-type": "application/json", "idempotency-key": rb.idempotencyKey, "user-agent": "evalbook-rollback/1" };
  if (g?.rollbackSecret) headers[SIGNATURE_HEADER] = signBody(g.rollbackSecret, rb.payload);
  await recordAudit(db, { workspaceId: rb.workspaceId, modelId: rb.modelId, actor: SYSTEM, action: "rollback.request", changes: { url: rb.url, idempotencyKey: rb.idempotencyKey, body: JSON.parse(rb.payload) } });

  let responseStatus: number | null = null;
  let responseBody = "";
  let error: string | null = null;
  try {
    const res = await fetch(rb.url, {
      method: "POST",
      headers,
      body: rb.payload,
      redirect: "manual",
      signal: AbortSignal.timeout((g?.rollbackTimeoutSeconds ?? 10) * 1000),
    });
    responseStatus = res.status;
    responseBody = (await res.text()).slice(0, 4000);
    if (res.status >= 300 && res.status < 400) error = `answered ${res.status} (a redirect, not followed)`;
    else if (res.status < 200 || res.status >= 300) error = `answered ${res.status}`;
  } catch (err) {
    const e = err as Error;
    error = e.name === "TimeoutError" ? `no answer within ${g?.rollbackTimeoutSeconds ?? 10} s` : `request failed: ${e.message}`;
  }
  const ok = error === null;
  await db.$transaction(async (tx) => {
    await tx.rollbackRequest.update({
      where: { id: rb.id },
      data: { status: ok ? "succeeded" : "failed", responseStatus, responseBody, error, answeredAt: new Date() },
    });
    await recordAudit(tx, { workspaceId: rb.workspaceId, modelId: rb.modelId, actor: SYSTEM, action: "rollback.answer", changes: { status: responseStatus, body: responseBody.slice(0, 1000), ...(error ? { error } : {}) } });
    await addEvent(tx, rb.incidentId, {
      kind: "rollback_answered",
      actorLabel: "deployment system",
      body: ok ? `Rolled back: ${rb.fromVersion} → ${rb.toVersion} (HTTP ${responseStatus}).` : `Rollback failed: ${error}. No stage was changed.`,
      data: { rollbackId: rb.id, responseStatus },
    });
    if (ok) await applyRollbackStages(tx, rb);
  });
  if (!ok) logger.warn({ rollbackId: rb.id, error }, "rollback call failed");
  return { sent: true, status: ok ? "succeeded" : "failed", responseStatus, error };
}

async function applyRollbackStages(tx: Tx, rb: { modelId: string; workspaceId: string; incidentId: string; fromVersion: string; toVersion: string }) {
  const incident = await tx.incident.findUnique({ where: { id: rb.incidentId }, select: { title: true } });
  const reason = `Rollback for incident "${incident?.title ?? rb.incidentId}"`;
  const versions = await tx.modelVersion.findMany({ where: { modelId: rb.modelId, label: { in: [rb.fromVersion, rb.toVersion] } } });
  const moves: [string, string][] = [
    [rb.fromVersion, "retired"],
    [rb.toVersion, "production"],
  ];
  const changes: Record<string, [string, string]> = {};
  for (const [label, stage] of moves) {
    const v = versions.find((x) => x.label === label);
    if (!v || v.stage === stage) continue;
    await tx.modelVersion.update({ where: { id: v.id }, data: { stage } });
    await tx.stageChange.create({ data: { versionId: v.id, fromStage: v.stage, toStage: stage, changedById: null, reason, incidentId: rb.incidentId } });
    changes[label] = [v.stage, stage];
  }
  await recordAudit(tx, { workspaceId: rb.workspaceId, modelId: rb.modelId, actor: SYSTEM, action: "version.stage_changed", changes: { ...changes, reason, incidentId: rb.incidentId } });
}
