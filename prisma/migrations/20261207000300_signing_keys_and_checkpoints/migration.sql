-- Signed checkpoints of each organization's audit chain, and the instance set's signing keys.
CREATE TABLE "audit_checkpoints" (
    "org_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "kid" TEXT NOT NULL,
    "jws" TEXT NOT NULL,
    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("org_id", "seq")
);
ALTER TABLE "audit_checkpoints" ADD CONSTRAINT "audit_checkpoints_org_id_fkey"
    FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "signing_keys" (
    "kid" TEXT NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "sealed_private_jwk" TEXT NOT NULL,
    "status" TEXT NOT NULL CHECK ("status" IN ('current', 'retired')),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMP(3),
    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid")
);
-- At most one current key, so concurrent first uses (or a rotation racing one) cannot make two.
CREATE UNIQUE INDEX "signing_keys_one_current" ON "signing_keys" ("status") WHERE "status" = 'current';
