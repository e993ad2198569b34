import type { WebClient } from "@slack/web-api";
import { db } from "../db/client";
import { PREFERENCE_EVENT_NAMES } from "../notify/kinds";
import type { Role } from "../roles";

// Who a Slack user is in an organization: the member who linked that Slack identity, or whose
// verified email Slack knows for it (users.lookupByEmail). An unverified email never maps: anyone
// can sign up with any address, and a Slack click must never act as someone else.

const MAX_LOOKUPS = 200;
/** A member's choices before they make any: every event (preferences.ts says the same for the API). */
const DEFAULTS = PREFERENCE_EVENT_NAMES as string[];

/** Finds Slack identities by email for the org's verified members who have none yet; answers how many were found. */
export async function linkMembersByEmail(orgId: string, client: WebClient): Promise<number> {
  const members = await db().$queryRaw<{ user_id: string; email: string }[]>`
    SELECT m.user_id, u.email FROM memberships m JOIN users u ON u.id = m.user_id
    LEFT JOIN notification_settings s ON s.org_id = m.org_id AND s.user_id = m.user_id
    WHERE m.org_id = ${orgId} AND u.email_verified_at IS NOT NULL AND s.slack_user_id IS NULL
    ORDER BY m.user_id LIMIT ${MAX_LOOKUPS}`;
  let found = 0;
  for (const member of members) {
    const answer = await client.users.lookupByEmail({ email: member.email }).catch(() => null);
    const slackUserId = answer?.user?.id;
    if (!slackUserId) continue;
    // ON CONFLICT on the member; a Slack id another member holds already is left with them.
    const linked = await db().$executeRaw`
      INSERT INTO notification_settings (org_id, user_id, email_events, slack_events, slack_user_id, slack_linked_via)
      SELECT ${orgId}, ${member.user_id}, ${DEFAULTS}::text[], ${DEFAULTS}::text[], ${slackUserId}, 'email'
      WHERE NOT EXISTS (SELECT 1 FROM notification_settings WHERE org_id = ${orgId} AND slack_user_id = ${slackUserId})
      ON CONFLICT (org_id, user_id) DO UPDATE SET slack_user_id = EXCLUDED.slack_user_id, slack_linked_via = 'email'
        WHERE notification_settings.slack_user_id IS NULL`;
    found += linked;
  }
  return found;
}

/** The member a Slack user acts as, with their current role; null when nobody is. Looks up by email once if needed. */
export async function memberForSlackUser(orgId: string, slackUserId: string, client: WebClient): Promise<{ userId: string; role: Role } | null> {
  const find = () => db().$queryRaw<{ user_id: string; role: Role }[]>`
    SELECT m.user_id, m.role FROM notification_settings s JOIN memberships m ON m.org_id = s.org_id AND m.user_id = s.user_id
    WHERE s.org_id = ${orgId} AND s.slack_user_id = ${slackUserId}`;
  let [member] = await find();
  if (!member) {
    await linkMembersByEmail(orgId, client);
    [member] = await find();
  }
  return member ? { userId: member.user_id, role: member.role } : null;
}
