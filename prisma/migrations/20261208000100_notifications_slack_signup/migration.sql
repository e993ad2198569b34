-- Reaching reviewers where they work (issue 17): org notifications by email and Slack, member
-- preferences, the Slack connection, and self-serve sign-up with email verification.

-- Sign-up: an account made by POST /auth/signup cannot sign in until its email is verified.
-- Accounts that exist already (bootstrap, invitations) count as verified from their creation.
ALTER TABLE "users" ADD COLUMN "email_verified_at" TIMESTAMP(3);
UPDATE "users" SET "email_verified_at" = "created_at";

-- Only the SHA-256 of the single-use verification token is stored.
CREATE TABLE "email_verifications" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "used_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "email_verifications_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "email_verifications_token_hash_key" ON "email_verifications" ("token_hash");
CREATE INDEX "email_verifications_user_id_idx" ON "email_verifications" ("user_id");
ALTER TABLE "email_verifications" ADD CONSTRAINT "email_verifications_user_id_fkey"
    FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Reminders at half the SLA (1) and before breach (2): the sweeper raises this once per stage.
ALTER TABLE "intents" ADD COLUMN "reminders_sent" SMALLINT NOT NULL DEFAULT 0;

-- Work for the notifier: written in the statement that records a notifiable event (or by the
-- sweeper for reminders and digests), fanned out to recipients, then deleted.
CREATE TABLE "notification_jobs" (
    "org_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "event_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "notification_jobs_pkey" PRIMARY KEY ("org_id", "id")
);
CREATE INDEX "notification_jobs_due_idx" ON "notification_jobs" ("next_attempt_at");
ALTER TABLE "notification_jobs" ADD CONSTRAINT "notification_jobs_org_id_fkey"
    FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One message to one recipient over one channel: a member's mailbox, a Slack channel or a Slack DM.
-- Org notifications hold no secret (their links open a dashboard page that asks), so the message
-- is kept as sent: the dev mailbox shows it, and an auditor can read what a reviewer was told.
CREATE TABLE "notifications" (
    "org_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "channel" TEXT NOT NULL CHECK ("channel" IN ('email', 'slack')),
    "user_id" TEXT,
    "intent_id" TEXT,
    "lease_id" TEXT,
    "to_address" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "message" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued' CHECK ("status" IN ('queued', 'sent', 'held', 'failed')),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),
    CONSTRAINT "notifications_pkey" PRIMARY KEY ("org_id", "id")
);
CREATE INDEX "notifications_due_idx" ON "notifications" ("next_attempt_at") WHERE "status" = 'queued';
CREATE INDEX "notifications_org_id_created_at_id_idx" ON "notifications" ("org_id", "created_at", "id");
CREATE INDEX "notifications_org_id_intent_id_idx" ON "notifications" ("org_id", "intent_id");
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_org_id_fkey"
    FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A member's choices: which events reach them on which channel, what they muted, the daily digest,
-- and their Slack identity (found by verified email, or linked by them from Slack). No row: defaults.
CREATE TABLE "notification_settings" (
    "org_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "email_events" TEXT[] NOT NULL,
    "slack_events" TEXT[] NOT NULL,
    "muted_agents" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "muted_actions" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "digest" BOOLEAN NOT NULL DEFAULT false,
    "last_digest_at" TIMESTAMP(3),
    "slack_user_id" TEXT,
    "slack_linked_via" TEXT CHECK ("slack_linked_via" IN ('email', 'link')),
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "notification_settings_pkey" PRIMARY KEY ("org_id", "user_id")
);
CREATE UNIQUE INDEX "notification_settings_org_id_slack_user_id_key" ON "notification_settings" ("org_id", "slack_user_id");
ALTER TABLE "notification_settings" ADD CONSTRAINT "notification_settings_org_id_user_id_fkey"
    FOREIGN KEY ("org_id", "user_id") REFERENCES "memberships"("org_id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The org's Slack app: its bot token and signing secret sealed with TOLLGATE_SECRET.
CREATE TABLE "slack_connections" (
    "org_id" TEXT NOT NULL,
    "team_id" TEXT,
    "sealed_bot_token" TEXT NOT NULL,
    "sealed_signing_secret" TEXT NOT NULL,
    "default_channel" TEXT NOT NULL,
    "rule_channels" JSONB NOT NULL DEFAULT '{}',
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "slack_connections_pkey" PRIMARY KEY ("org_id")
);
ALTER TABLE "slack_connections" ADD CONSTRAINT "slack_connections_org_id_fkey"
    FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Where an item's card was posted, so chat.update can show the outcome in place.
CREATE TABLE "slack_messages" (
    "org_id" TEXT NOT NULL,
    "intent_id" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "slack_messages_pkey" PRIMARY KEY ("org_id", "intent_id", "channel")
);
ALTER TABLE "slack_messages" ADD CONSTRAINT "slack_messages_org_id_fkey"
    FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Signatures of interaction requests already taken: a replay inside the 5-minute window is refused.
CREATE TABLE "slack_replays" (
    "org_id" TEXT NOT NULL,
    "signature_hash" TEXT NOT NULL,
    "seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "slack_replays_pkey" PRIMARY KEY ("org_id", "signature_hash")
);
CREATE INDEX "slack_replays_seen_at_idx" ON "slack_replays" ("seen_at");
ALTER TABLE "slack_replays" ADD CONSTRAINT "slack_replays_org_id_fkey"
    FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
