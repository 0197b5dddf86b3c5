import { defineProcessor } from "../queues";
import { deliverJob } from "../../notifications/deliver";

/** Sends one notification outbox row (see server/notifications/deliver.ts). */
export const notificationDeliveryProcessor = defineProcessor("notificationDelivery", async ({ deliveryId }, { workerId, logger }) =>
  deliverJob(deliveryId, { workerId, logger }),
);
