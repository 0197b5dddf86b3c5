-- CreateIndex
CREATE INDEX "NotificationDelivery_groupKey_idx" ON "NotificationDelivery"("groupKey");

