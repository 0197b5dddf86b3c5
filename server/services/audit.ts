import type { PrismaClient } from "../generated/prisma/client";

type Tx = Pick<PrismaClient, "auditEvent">;

export interface Actor {
  id: string | null;
  label: string;
}

/** Who did it, for the audit log: a signed-in user, or an API key (which has no user id). */
export function userActor(user: { id: string; email: string }): Actor & { id: string } {
  return { id: user.id, label: user.email };
}

export function apiKeyActor(keyId: string): Actor {
  return { id: null, label: `api key ${keyId}` };
}

/** Returns { field: [before, after] } for the fields whose JSON representation changed. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const key of Object.keys(after)) {
    if (after[key] === undefined) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key] ?? null, after[key]];
  }
  return changes;
}

export async function recordAudit(
  tx: Tx,
  event: { workspaceId: string; modelId?: string | null; actor: Actor; action: string; changes?: unknown },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      workspaceId: event.workspaceId,
      modelId: event.modelId ?? null,
      actorId: event.actor.id,
      actorLabel: event.actor.label,
      action: event.action,
      changes: JSON.stringify(event.changes ?? {}),
    },
  });
}
