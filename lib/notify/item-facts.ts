import type { OrgTx } from "../db/scoped";
import { orgSql } from "../db/sql";

// What a notification says about an item, read in one statement: the card's and the mail's facts.

export interface ItemFacts {
  id: string;
  status: string;
  action: string;
  environment: string | null;
  title: string;
  nextEffect: string | null;
  rationale: string | null;
  payloadText: string;
  ruleId: string | null;
  approvalsRequired: number;
  approvalsGiven: number;
  approverRole: string;
  stepUp: boolean;
  slaDeadline: Date | null;
  agentId: string;
  agentName: string;
  ownerId: string | null;
  assignedTo: string | null;
  decisions: { email: string; decision: string; reason: string | null; via: string }[];
}

type Row = Omit<ItemFacts, "slaDeadline" | "title" | "nextEffect"> & { summary: { title?: string; next_effect?: string } | null; sla_ms: number | null };

/** The item `intentId` of `orgId` as notifications tell it, or null when there is none. */
export async function readItemFacts(tx: OrgTx | undefined, orgId: string, intentId: string): Promise<ItemFacts | null> {
  const [row] = await orgSql(orgId)<Row>(
    (p) => `SELECT i.id, i.status::text AS status, i.action, i.environment, i.summary, i.rationale, i.payload::text AS "payloadText",
        i.rule_id AS "ruleId", i.approvals_required AS "approvalsRequired", i.approver_role::text AS "approverRole",
        i.step_up_required AS "stepUp", extract(epoch FROM i.sla_deadline)::float8 * 1000 AS sla_ms,
        i.agent_id AS "agentId", a.name AS "agentName", a.owner_id AS "ownerId", i.assigned_to AS "assignedTo",
        (SELECT count(*)::int FROM approvals v WHERE v.org_id = i.org_id AND v.intent_id = i.id AND v.decision = 'approve') AS "approvalsGiven",
        coalesce((SELECT json_agg(json_build_object('email', u.email, 'decision', v.decision, 'reason', v.reason, 'via', v.via) ORDER BY v.created_at, v.id)
          FROM approvals v JOIN users u ON u.id = v.user_id WHERE v.org_id = i.org_id AND v.intent_id = i.id), '[]') AS decisions
      FROM intents i JOIN agents a ON a.org_id = i.org_id AND a.id = i.agent_id
      WHERE i.org_id = ${p.org} AND i.id = ${p.add(intentId)}`,
    tx,
  );
  if (!row) return null;
  const { summary, sla_ms, ...facts } = row;
  return {
    ...facts,
    title: summary?.title || `${row.action} by ${row.agentName}`,
    nextEffect: summary?.next_effect ?? null,
    slaDeadline: sla_ms === null ? null : new Date(sla_ms),
  };
}

/** The first lines of the payload, for a card or a mail (the page shows all of it). */
export function payloadExcerpt(facts: Pick<ItemFacts, "payloadText">, maxChars = 600): string {
  let pretty: string;
  try {
    pretty = JSON.stringify(JSON.parse(facts.payloadText), null, 2);
  } catch {
    pretty = facts.payloadText;
  }
  return pretty.length > maxChars ? `${pretty.slice(0, maxChars - 1)}…` : pretty;
}
