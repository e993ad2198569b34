-- DropIndex
DROP INDEX "intents_org_id_outcome_created_at_rule_id_status_resolved_a_idx";

-- AlterTable
ALTER TABLE "intents" ADD COLUMN     "recommendation" TEXT;

-- Backfill: the recommendation moves into a column the metrics index covers.
UPDATE "intents" SET "recommendation" = "context"->>'recommendation'
WHERE jsonb_typeof("context") = 'object' AND jsonb_typeof("context"->'recommendation') = 'string';

-- CreateTable
CREATE TABLE "shadow_hits" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "intent_id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "outcome" "Outcome" NOT NULL,
    "reason_code" TEXT NOT NULL,
    "error" BOOLEAN NOT NULL DEFAULT false,
    "action" TEXT NOT NULL,
    "environment" TEXT,
    "agent_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "shadow_hits_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "shadow_hits_org_id_created_at_rule_id_outcome_idx" ON "shadow_hits"("org_id", "created_at", "rule_id", "outcome");

-- CreateIndex
CREATE INDEX "shadow_hits_intent_id_idx" ON "shadow_hits"("intent_id");

-- CreateIndex
CREATE INDEX "intents_org_id_outcome_created_at_rule_id_status_resolved_a_idx" ON "intents"("org_id", "outcome", "created_at", "rule_id", "status", "resolved_at", "executable_at", "sla_deadline", "recommendation", "action", "environment", "agent_id", "id");

-- AddForeignKey
ALTER TABLE "shadow_hits" ADD CONSTRAINT "shadow_hits_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shadow_hits" ADD CONSTRAINT "shadow_hits_intent_id_fkey" FOREIGN KEY ("intent_id") REFERENCES "intents"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill: shadow hits move from a JSON column on intents to rows of their own.
INSERT INTO "shadow_hits" ("id", "org_id", "intent_id", "rule_id", "outcome", "reason_code", "error", "action", "environment", "agent_id", "created_at")
SELECT 'shd_' || md5(i."id" || ':' || h.ord), i."org_id", i."id", h.hit->>'rule_id', (h.hit->>'outcome')::"Outcome",
  coalesce(h.hit->>'reason_code', ''), coalesce((h.hit->>'error')::boolean, false), i."action", i."environment", i."agent_id", i."created_at"
FROM "intents" i
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(i."shadow_decisions") = 'array' THEN i."shadow_decisions" ELSE '[]'::jsonb END) WITH ORDINALITY AS h(hit, ord)
WHERE h.hit->>'rule_id' IS NOT NULL AND h.hit->>'outcome' IN ('allow', 'deny', 'require_approval');

-- AlterTable
ALTER TABLE "intents" DROP COLUMN "shadow_decisions";
