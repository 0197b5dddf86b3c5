/** "Notified where": the outbox rows whose groupKey is this incident, with their channel and outcome. */
import type { PrismaClient } from "../../generated/prisma/client";

export async function listDeliveriesFor(db: PrismaClient, incidentId: string) {
  const rows = await db.notificationDelivery.findMany({
    where: { groupKey: incidentId },
    orderBy: { createdAt: "asc" },
    include: { channel: { select: { name: true, kind: true } } },
    take: 200,
  });
  return rows.map((r) => ({ id: r.id, eventKind: r.eventKind, status: r.status, channel: r.channel.name, channelKind: r.channel.kind, createdAt: r.createdAt }));
}
