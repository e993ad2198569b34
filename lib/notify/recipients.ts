import type { OrgTx } from "../db/scoped";
import { type OrgParams, orgSql } from "../db/sql";
import { REVIEWER_OF } from "../domain/approvals/assign-reviewers";
import { PREFERENCE_EVENT_NAMES, type PreferenceEvent } from "./kinds";

// Who a notification goes to, with what each of them chose (notification_settings; no row: every
// event on both channels, nothing muted, no digest). Reviewers are the item's eligible ones, by
// the same rule assignment uses (REVIEWER_OF: role, groups, not away), minus the agent's owner
// under separate_duties and anyone who approved already; and nobody who muted its agent or action.

export interface Recipient {
  userId: string;
  email: string;
  emailEvents: string[];
  slackEvents: string[];
  slackUserId: string | null;
}

const DEFAULT_EVENTS = `ARRAY[${PREFERENCE_EVENT_NAMES.map((e) => `'${e}'`).join(", ")}]::text[]`;

const RECIPIENT_COLUMNS = `m.user_id AS "userId", u.email,
  coalesce(s.email_events, ${DEFAULT_EVENTS}) AS "emailEvents", coalesce(s.slack_events, ${DEFAULT_EVENTS}) AS "slackEvents",
  s.slack_user_id AS "slackUserId"`;

const WITH_SETTINGS = `JOIN users u ON u.id = m.user_id
  LEFT JOIN notification_settings s ON s.org_id = m.org_id AND s.user_id = m.user_id`;

/** Not muted for this item (its agent or its action). */
const NOT_MUTED = (item: string) => `NOT (${item}.agent_id = ANY (coalesce(s.muted_agents, '{}')) OR ${item}.action = ANY (coalesce(s.muted_actions, '{}')))`;

/** The reviewers of a pending item who are to hear about it; `only` narrows to one member (the assignee). */
export async function reviewersOf(tx: OrgTx, orgId: string, intentId: string, only: string | null = null): Promise<Recipient[]> {
  return orgSql(orgId)<Recipient>(
    (p: OrgParams) => `SELECT ${RECIPIENT_COLUMNS}
      FROM intents item JOIN agents a ON a.org_id = item.org_id AND a.id = item.agent_id
      JOIN memberships m ON m.org_id = item.org_id ${WITH_SETTINGS}
      WHERE item.org_id = ${p.org} AND item.id = ${p.add(intentId)} AND item.status = 'pending_approval'
        AND ${REVIEWER_OF("item", "now()")}
        AND NOT (item.separate_duties AND m.user_id IS NOT DISTINCT FROM a.owner_id)
        AND NOT EXISTS (SELECT 1 FROM approvals v WHERE v.org_id = m.org_id AND v.intent_id = item.id AND v.user_id = m.user_id)
        AND ${NOT_MUTED("item")}
        ${only ? `AND m.user_id = ${p.add(only)}` : ""}
      ORDER BY m.user_id IS DISTINCT FROM item.assigned_to, u.email`,
    tx,
  );
}

/** One member as a recipient (an agent's owner), or null when they are not a member; `about` applies their mutes. */
export async function memberRecipient(tx: OrgTx, orgId: string, userId: string, about?: { agentId: string; action?: string }): Promise<Recipient | null> {
  const [row] = await orgSql(orgId)<Recipient>(
    (p) => `SELECT ${RECIPIENT_COLUMNS} FROM memberships m ${WITH_SETTINGS}
      WHERE m.org_id = ${p.org} AND m.user_id = ${p.add(userId)}
        ${about ? `AND NOT (${p.add(about.agentId)} = ANY (coalesce(s.muted_agents, '{}')) OR ${p.add(about.action ?? "")} = ANY (coalesce(s.muted_actions, '{}')))` : ""}`,
    tx,
  );
  return row ?? null;
}

/** The channels a recipient chose for `event`: email always can; Slack only once their Slack identity is known. */
export function channelsFor(recipient: Recipient, event: PreferenceEvent): { email: boolean; slack: boolean } {
  return { email: recipient.emailEvents.includes(event), slack: recipient.slackEvents.includes(event) && recipient.slackUserId !== null };
}
