-- AlterEnum
BEGIN;
CREATE TYPE "LeaseStatus_new" AS ENUM ('pending_approval', 'active', 'expiring_soon', 'expired', 'revoked');
ALTER TABLE "leases" ALTER COLUMN "status" TYPE "LeaseStatus_new" USING ("status"::text::"LeaseStatus_new");
ALTER TYPE "LeaseStatus" RENAME TO "LeaseStatus_old";
ALTER TYPE "LeaseStatus_new" RENAME TO "LeaseStatus";
DROP TYPE "public"."LeaseStatus_old";
COMMIT;

-- AlterTable
ALTER TABLE "leases" ADD COLUMN     "approved_scope" JSONB,
ADD COLUMN     "expiring_notified_at" TIMESTAMP(3),
ADD COLUMN     "renewal_intent_id" TEXT,
ADD COLUMN     "revocation_reason" TEXT;

-- CreateIndex
CREATE INDEX "leases_status_expires_at_idx" ON "leases"("status", "expires_at");

-- CreateIndex
CREATE INDEX "leases_parent_lease_id_idx" ON "leases"("parent_lease_id");

