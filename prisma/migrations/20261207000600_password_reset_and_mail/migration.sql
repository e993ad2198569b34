-- Password reset (API.md) and the outbox of account mails (issue 17). Both belong to a person, not an organization.

-- A reset ends every session made before it: sessions carry the time they were made (auth_at), checked against this.
ALTER TABLE "users" ADD COLUMN "sessions_valid_after" TIMESTAMP(3);

-- Only the SHA-256 of the single-use reset token is stored.
CREATE TABLE "password_resets" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "password_resets_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "password_resets_token_hash_key" ON "password_resets" ("token_hash");
CREATE INDEX "password_resets_user_id_idx" ON "password_resets" ("user_id");
ALTER TABLE "password_resets" ADD CONSTRAINT "password_resets_user_id_fkey"
    FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Mails to a person about their account. The message is sealed (it may hold a reset link) and wiped once sent.
CREATE TABLE "account_mails" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "to_address" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "sealed_message" TEXT,
    "status" TEXT NOT NULL DEFAULT 'queued' CHECK ("status" IN ('queued', 'sent', 'held', 'failed')),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),
    CONSTRAINT "account_mails_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "account_mails_due_idx" ON "account_mails" ("next_attempt_at") WHERE "status" = 'queued';
