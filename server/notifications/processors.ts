import { defineProcessor } from "../jobs/queues";
import { deliverJob } from "./deliver";

/** Sends one notification outbox row (see server/notifications/deliver.ts). */
export const notificationDeliveryProcessor = defineProcessor("notificationDelivery", async ({ deliveryId }, { workerId, logger }) =>
  deliverJob(deliveryId, { workerId, logger }),
);
