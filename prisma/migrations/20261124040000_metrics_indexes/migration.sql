-- CreateIndex
CREATE INDEX "intents_org_id_outcome_created_at_rule_id_status_resolved_a_idx" ON "intents"("org_id", "outcome", "created_at", "rule_id", "status", "resolved_at", "executable_at", "id");

-- CreateIndex
CREATE INDEX "reviews_org_id_created_at_idx" ON "reviews"("org_id", "created_at");

