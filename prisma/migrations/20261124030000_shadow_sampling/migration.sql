-- AlterTable
ALTER TABLE "intents" ADD COLUMN     "sampled_rule_id" TEXT,
ADD COLUMN     "shadow_decisions" JSONB;

-- CreateTable
CREATE TABLE "reviews" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "intent_id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "verdict" TEXT,
    "note" TEXT,
    "reviewer_id" TEXT,
    "reviewed_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reviews_intent_id_key" ON "reviews"("intent_id");

-- CreateIndex
CREATE INDEX "reviews_org_id_verdict_created_at_idx" ON "reviews"("org_id", "verdict", "created_at");

-- CreateIndex
CREATE INDEX "intents_org_id_rule_id_created_at_idx" ON "intents"("org_id", "rule_id", "created_at");

-- CreateIndex
CREATE INDEX "intents_org_id_resolved_at_idx" ON "intents"("org_id", "resolved_at");

-- AddForeignKey
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_intent_id_fkey" FOREIGN KEY ("intent_id") REFERENCES "intents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

