-- Issue 16: asynchronous audit chaining (docs/async-audit-chaining.md). Appends no longer lock the
-- org's audit head: they queue the event in audit_pending, in insertion order (pos), and a sequencer
-- moves queued events into audit_events in batches, giving each its seq, prev_hash and hash under the
-- head's lock. audit_events keeps holding chained events only (every column still NOT NULL), so the
-- rows already there stay as they are, chained.

-- CreateTable
CREATE TABLE "audit_pending" (
    "org_id" TEXT NOT NULL,
    "pos" BIGSERIAL NOT NULL,
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "type" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "data" JSONB NOT NULL,

    CONSTRAINT "audit_pending_pkey" PRIMARY KEY ("org_id","pos")
);

-- AddForeignKey
ALTER TABLE "audit_pending" ADD CONSTRAINT "audit_pending_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The head's prev_hash only let the one-statement append return the new event's prev_hash.
ALTER TABLE "audit_heads" DROP COLUMN "prev_hash";
