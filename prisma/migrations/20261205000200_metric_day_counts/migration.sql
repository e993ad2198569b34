-- CreateTable
CREATE TABLE "intent_day_counts" (
    "org_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "outcome" "Outcome" NOT NULL,
    "rule_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "agent_id" TEXT NOT NULL,
    "intents" INTEGER NOT NULL,

    CONSTRAINT "intent_day_counts_pkey" PRIMARY KEY ("org_id","day","outcome","rule_id","action","environment","agent_id")
);

-- CreateTable
CREATE TABLE "metric_sealed_days" (
    "org_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "sealed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_sealed_days_pkey" PRIMARY KEY ("org_id","day")
);

-- AddForeignKey
ALTER TABLE "intent_day_counts" ADD CONSTRAINT "intent_day_counts_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_sealed_days" ADD CONSTRAINT "metric_sealed_days_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

