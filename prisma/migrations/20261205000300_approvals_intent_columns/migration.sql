-- AlterTable: the intent's creation time and filter columns, copied onto its approvals for metrics.
ALTER TABLE "approvals" ADD COLUMN     "action" TEXT,
ADD COLUMN     "agent_id" TEXT,
ADD COLUMN     "environment" TEXT,
ADD COLUMN     "intent_created_at" TIMESTAMP(3);

UPDATE "approvals" a SET "action" = i."action", "agent_id" = i."agent_id", "environment" = i."environment", "intent_created_at" = i."created_at"
FROM "intents" i WHERE i."id" = a."intent_id";

ALTER TABLE "approvals" ALTER COLUMN "action" SET NOT NULL,
ALTER COLUMN "agent_id" SET NOT NULL,
ALTER COLUMN "intent_created_at" SET NOT NULL;

-- CreateIndex
CREATE INDEX "approvals_org_id_intent_created_at_idx" ON "approvals"("org_id", "intent_created_at");
