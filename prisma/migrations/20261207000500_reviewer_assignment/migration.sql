-- Reviewer groups, availability and assignment (issue 17, API.md "Reviewer groups" and the policy's reviewers and assigned_only).
CREATE TABLE "reviewer_groups" (
    "org_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "reviewer_groups_pkey" PRIMARY KEY ("org_id", "id")
);
CREATE UNIQUE INDEX "reviewer_groups_org_id_name_key" ON "reviewer_groups" ("org_id", "name");
ALTER TABLE "reviewer_groups" ADD CONSTRAINT "reviewer_groups_org_id_fkey"
    FOREIGN KEY ("org_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A member leaving the organization leaves its groups (the foreign key to the membership cascades).
CREATE TABLE "reviewer_group_members" (
    "org_id" TEXT NOT NULL,
    "group_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "reviewer_group_members_pkey" PRIMARY KEY ("org_id", "group_id", "user_id")
);
CREATE INDEX "reviewer_group_members_org_id_user_id_idx" ON "reviewer_group_members" ("org_id", "user_id");
ALTER TABLE "reviewer_group_members" ADD CONSTRAINT "reviewer_group_members_org_id_group_id_fkey"
    FOREIGN KEY ("org_id", "group_id") REFERENCES "reviewer_groups"("org_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "reviewer_group_members" ADD CONSTRAINT "reviewer_group_members_org_id_user_id_fkey"
    FOREIGN KEY ("org_id", "user_id") REFERENCES "memberships"("org_id", "user_id") ON DELETE CASCADE ON UPDATE CASCADE;

-- away_until: assignment skips the member until then. last_assigned_at: the rotation's order.
ALTER TABLE "memberships" ADD COLUMN "away_until" TIMESTAMP(3), ADD COLUMN "last_assigned_at" TIMESTAMP(3);

-- The deciding rule's reviewers and assigned_only, frozen with the decision, and the current assignee.
ALTER TABLE "intents"
    ADD COLUMN "reviewer_groups" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "assigned_only" BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN "assigned_to" TEXT,
    ADD COLUMN "assigned_at" TIMESTAMP(3);
-- The assigner's work list: pending items not yet assigned (an item leaves it once assignment was tried).
CREATE INDEX "intents_unassigned_idx" ON "intents" ("org_id", "created_at") WHERE "status" = 'pending_approval' AND "assigned_at" IS NULL;
