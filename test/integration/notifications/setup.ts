/**
 * Workspace, channels and events for the notification tests (rows written directly: the router has
 * its own tests). Import it dynamically after `isolate()`: it loads server modules, which read the env.
 */
import { prisma } from "@/server/db/client";
import { enqueueNotifications, kickDeliveries, type NotificationEvent } from "@/server/notifications/outbox";

let n = 0;

/** Writes the event's outbox rows in a transaction, as a feature does, then wakes delivery; the number of rows written. */
export async function enqueue(ev: NotificationEvent, opts?: Parameters<typeof enqueueNotifications>[2]) {
  const written = await prisma.$transaction((tx) => enqueueNotifications(tx, ev, opts));
  await kickDeliveries();
  return written;
}

export async function workspace(tag: string) {
  n += 1;
  return prisma.workspace.create({ data: { slug: `${tag}-${process.pid}-${Date.now()}-${n}`, name: tag } });
}

export async function channel(
  workspaceId: string,
  kind: string,
  config: Record<string, unknown>,
  extra: { severities?: string[]; disableAfterFailures?: number; name?: string } = {},
) {
  return prisma.notificationChannel.create({
    data: {
      workspaceId,
      kind,
      name: extra.name ?? `${kind} channel`,
      config: JSON.stringify(config),
      severities: JSON.stringify(extra.severities ?? ["info", "warning", "critical"]),
      disableAfterFailures: extra.disableAfterFailures ?? 5,
    },
  });
}

export function event(workspaceId: string, overrides: Partial<NotificationEvent> = {}): NotificationEvent {
  n += 1;
  return {
    kind: "incident.opened",
    workspaceId,
    severity: "critical",
    groupKey: `incident-${n}`,
    eventKey: `incident-${n}:opened:run-${n}`,
    title: "AUC below 0.70 for cohort tier=gold",
    summary: "AUC 0.64 < 0.70 on 1,204 predictions (tier=gold) in run r1.",
    url: `http://localhost:3000/w/acme/incidents/incident-${n}`,
    model: { slug: "payments", name: "Payments" },
    details: { metric: "auc", value: 0.64, threshold: 0.7, cohort: "tier=gold" },
    runbooks: [{ title: "When AUC drops", url: "http://localhost:3000/w/acme/runbooks/auc" }],
    ...overrides,
  };
}
