-- The primary and unique keys of every tenant table lead with org_id (issue 16, point 8), so a sharded
-- PostgreSQL (Citus) can distribute every tenant table by organization: it requires each primary and
-- unique key, and each foreign key between distributed tables, to include the distribution column.
-- tests/integration/schema-keys.test.ts reads the catalog and holds this for every table with org_id.
--
-- The credential hashes were unique across organizations and are what authentication looks up before
-- it knows the organization, they move to credential_hashes (hash -> org_id, kind), which is not a
-- tenant table (a reference table under Citus) and keeps them unique everywhere.

-- Foreign keys between tenant tables go first: they depend on the primary keys they reference.
ALTER TABLE "intents" DROP CONSTRAINT "intents_agent_id_fkey";
ALTER TABLE "intents" DROP CONSTRAINT "intents_lease_id_fkey";
ALTER TABLE "approvals" DROP CONSTRAINT "approvals_intent_id_fkey";
ALTER TABLE "decision_logs" DROP CONSTRAINT "decision_logs_intent_id_fkey";
ALTER TABLE "execution_tokens" DROP CONSTRAINT "execution_tokens_intent_id_fkey";
ALTER TABLE "leases" DROP CONSTRAINT "leases_agent_id_fkey";
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_event_id_fkey";
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_webhook_id_fkey";
ALTER TABLE "reviews" DROP CONSTRAINT "reviews_intent_id_fkey";
ALTER TABLE "shadow_hits" DROP CONSTRAINT "shadow_hits_intent_id_fkey";
ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "webhook_delivery_attempts_delivery_id_fkey";

-- Primary keys: (org_id, id).
ALTER TABLE "invitations" DROP CONSTRAINT "invitations_pkey", ADD CONSTRAINT "invitations_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_pkey", ADD CONSTRAINT "memberships_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "agents" DROP CONSTRAINT "agents_pkey", ADD CONSTRAINT "agents_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_pkey", ADD CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "policy_versions" DROP CONSTRAINT "policy_versions_pkey", ADD CONSTRAINT "policy_versions_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "intents" DROP CONSTRAINT "intents_pkey", ADD CONSTRAINT "intents_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "approvals" DROP CONSTRAINT "approvals_pkey", ADD CONSTRAINT "approvals_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "decision_logs" DROP CONSTRAINT "decision_logs_pkey", ADD CONSTRAINT "decision_logs_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "execution_tokens" DROP CONSTRAINT "execution_tokens_pkey", ADD CONSTRAINT "execution_tokens_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_pkey", ADD CONSTRAINT "audit_events_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "events" DROP CONSTRAINT "events_pkey", ADD CONSTRAINT "events_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "leases" DROP CONSTRAINT "leases_pkey", ADD CONSTRAINT "leases_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "webhooks" DROP CONSTRAINT "webhooks_pkey", ADD CONSTRAINT "webhooks_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "webhook_deliveries_pkey", ADD CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "webhook_delivery_attempts" DROP CONSTRAINT "webhook_delivery_attempts_pkey", ADD CONSTRAINT "webhook_delivery_attempts_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "reviews" DROP CONSTRAINT "reviews_pkey", ADD CONSTRAINT "reviews_pkey" PRIMARY KEY ("org_id", "id");
ALTER TABLE "shadow_hits" DROP CONSTRAINT "shadow_hits_pkey", ADD CONSTRAINT "shadow_hits_pkey" PRIMARY KEY ("org_id", "id");

-- Unique keys: the same columns behind org_id.
DROP INDEX "agents_key_hash_key";
CREATE UNIQUE INDEX "agents_org_id_key_hash_key" ON "agents"("org_id", "key_hash");
DROP INDEX "api_tokens_token_hash_key";
CREATE UNIQUE INDEX "api_tokens_org_id_token_hash_key" ON "api_tokens"("org_id", "token_hash");
DROP INDEX "execution_tokens_token_hash_key";
CREATE UNIQUE INDEX "execution_tokens_org_id_token_hash_key" ON "execution_tokens"("org_id", "token_hash");
DROP INDEX "invitations_token_hash_key";
CREATE UNIQUE INDEX "invitations_org_id_token_hash_key" ON "invitations"("org_id", "token_hash");
DROP INDEX "reviews_intent_id_key";
CREATE UNIQUE INDEX "reviews_org_id_intent_id_key" ON "reviews"("org_id", "intent_id");
DROP INDEX "webhook_deliveries_webhook_id_event_id_key";
CREATE UNIQUE INDEX "webhook_deliveries_org_id_webhook_id_event_id_key" ON "webhook_deliveries"("org_id", "webhook_id", "event_id");
DROP INDEX "webhook_delivery_attempts_delivery_id_number_key";
CREATE UNIQUE INDEX "webhook_delivery_attempts_org_id_delivery_id_number_key" ON "webhook_delivery_attempts"("org_id", "delivery_id", "number");

-- Foreign keys again, on (org_id, x_id). intents.lease_id nulls only lease_id when a lease goes (SET NULL on
-- every column would null org_id too), the Prisma schema cannot say that, so it says SetNull and this says which column.
ALTER TABLE "intents" ADD CONSTRAINT "intents_org_id_agent_id_fkey" FOREIGN KEY ("org_id", "agent_id") REFERENCES "agents"("org_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "intents" ADD CONSTRAINT "intents_org_id_lease_id_fkey" FOREIGN KEY ("org_id", "lease_id") REFERENCES "leases"("org_id", "id") ON DELETE SET NULL (lease_id) ON UPDATE CASCADE;
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_org_id_intent_id_fkey" FOREIGN KEY ("org_id", "intent_id") REFERENCES "intents"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "decision_logs" ADD CONSTRAINT "decision_logs_org_id_intent_id_fkey" FOREIGN KEY ("org_id", "intent_id") REFERENCES "intents"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "execution_tokens" ADD CONSTRAINT "execution_tokens_org_id_intent_id_fkey" FOREIGN KEY ("org_id", "intent_id") REFERENCES "intents"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "leases" ADD CONSTRAINT "leases_org_id_agent_id_fkey" FOREIGN KEY ("org_id", "agent_id") REFERENCES "agents"("org_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_org_id_event_id_fkey" FOREIGN KEY ("org_id", "event_id") REFERENCES "events"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_org_id_webhook_id_fkey" FOREIGN KEY ("org_id", "webhook_id") REFERENCES "webhooks"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_org_id_intent_id_fkey" FOREIGN KEY ("org_id", "intent_id") REFERENCES "intents"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "shadow_hits" ADD CONSTRAINT "shadow_hits_org_id_intent_id_fkey" FOREIGN KEY ("org_id", "intent_id") REFERENCES "intents"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "webhook_delivery_attempts" ADD CONSTRAINT "webhook_delivery_attempts_org_id_delivery_id_fkey" FOREIGN KEY ("org_id", "delivery_id") REFERENCES "webhook_deliveries"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Credential hashes, unique across organizations, each naming its organization.
CREATE TABLE "credential_hashes" (
    "hash" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    CONSTRAINT "credential_hashes_pkey" PRIMARY KEY ("hash"),
    CONSTRAINT "credential_hashes_kind_check" CHECK ("kind" IN ('agent', 'user_token', 'invitation'))
);
ALTER TABLE "credential_hashes" ADD CONSTRAINT "credential_hashes_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
INSERT INTO "credential_hashes" ("hash", "org_id", "kind")
    SELECT "key_hash", "org_id", 'agent' FROM "agents" WHERE "key_hash" IS NOT NULL
    UNION ALL SELECT "token_hash", "org_id", 'user_token' FROM "api_tokens"
    UNION ALL SELECT "token_hash", "org_id", 'invitation' FROM "invitations";
