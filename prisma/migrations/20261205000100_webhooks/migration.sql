-- Webhooks (issue 7). The init migration created placeholder webhooks/webhook_deliveries tables
-- that no code ever wrote, so the dropped columns and the new NOT NULL event_type lose nothing.
-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- DropIndex
DROP INDEX "webhook_deliveries_delivered_at_failed_at_next_attempt_at_idx";

-- DropIndex
DROP INDEX "webhook_deliveries_webhook_id_created_at_idx";

-- DropIndex
DROP INDEX "webhooks_org_id_idx";

-- AlterTable
ALTER TABLE "webhook_deliveries" DROP COLUMN "last_status",
ADD COLUMN     "claim_id" TEXT,
ADD COLUMN     "event_type" TEXT NOT NULL,
ADD COLUMN     "last_attempt_at" TIMESTAMP(3),
ADD COLUMN     "last_status_code" INTEGER,
ADD COLUMN     "locked_until" TIMESTAMP(3),
ADD COLUMN     "round_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'pending',
ADD COLUMN     "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "webhooks" DROP COLUMN "deleted_at",
ADD COLUMN     "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateTable
CREATE TABLE "webhook_delivery_attempts" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "delivery_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "worker" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "finished_at" TIMESTAMP(3),
    "status_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER,

    CONSTRAINT "webhook_delivery_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_attempts_delivery_id_number_key" ON "webhook_delivery_attempts"("delivery_id", "number");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_org_id_webhook_id_created_at_id_idx" ON "webhook_deliveries"("org_id", "webhook_id", "created_at" DESC, "id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_event_id_idx" ON "webhook_deliveries"("event_id");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_webhook_id_event_id_key" ON "webhook_deliveries"("webhook_id", "event_id");

-- CreateIndex
CREATE INDEX "webhooks_org_id_created_at_id_idx" ON "webhooks"("org_id", "created_at" DESC, "id");

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "webhook_delivery_attempts_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "webhook_delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

