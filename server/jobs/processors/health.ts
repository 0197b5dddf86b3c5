import { prisma } from "../../db/client";
import { defineProcessor } from "../queues";

/** Marks the HealthCheck row as completed by this worker: proves web → Redis → worker → DB. */
export const healthProcessor = defineProcessor("health", async ({ healthCheckId }, { workerId }) => {
  const { count } = await prisma.healthCheck.updateMany({
    where: { id: healthCheckId },
    data: { completedAt: new Date(), workerId },
  });
  return { updated: count };
});
