import { newId } from "../../lib/ids";
import { sqlExec } from "./sql";

/**
 * Intents written straight into the tables, as the app would have left them, so the metrics
 * tests control every timestamp and outcome. Times are ISO strings (UTC); offsets are seconds
 * after the intent's created_at.
 */
export interface FixtureIntent {
  at: string;
  agent: string;
  outcome: "allow" | "deny" | "require_approval";
  status: "allowed" | "denied" | "pending_approval" | "approved" | "rejected" | "expired" | "cancelled" | "executing" | "succeeded" | "failed";
  rule?: string | null;
  action?: string;
  environment?: string | null;
  /** resolved_at offset; allow and deny intents resolve at creation. */
  resolvedAfter?: number;
  /** sla_deadline offset (require_approval defaults to 4 h); null for none, a string for an absolute time. */
  sla?: number | string | null;
  recommendation?: "approve" | "reject";
  /** The whole context instead (overrides recommendation). */
  context?: Record<string, unknown> | null;
  shadow?: { rule_id: string; outcome: "allow" | "deny" | "require_approval" }[];
  approvalsRequired?: number;
  /** One approvals row each (a human's approve or reject). */
  approvals?: { user: string; decision: "approve" | "reject"; reason?: string | null; after: number }[];
  /** An execution token was issued (allowed, or approved and not a lease request). Default: derived. */
  executable?: boolean;
  escalated?: boolean;
  /** Sampled into the review-after queue, with this verdict (pending = not yet reviewed). */
  review?: "right" | "wrong" | "pending";
  /** A decision_logs "timeout" row (SLA timeout or escalation). */
  timeoutLog?: boolean;
}

const HUMAN_APPROVED = new Set(["approved", "executing", "succeeded", "failed"]);
const plus = (iso: string, seconds: number) => new Date(new Date(iso).getTime() + seconds * 1000);

/** Inserts the intents (and their approvals, reviews and decision logs) for one org; returns their ids in order. */
export async function insertIntents(orgId: string, intents: FixtureIntent[]): Promise<string[]> {
  // The app never writes into a past day, so metrics keep past days' counts once made
  // (seal-metric-days.ts); backdated fixture rows make the org's days count again.
  await sqlExec("DELETE FROM metric_sealed_days WHERE org_id = $1", orgId);
  await sqlExec("DELETE FROM intent_day_counts WHERE org_id = $1", orgId);
  const ids: string[] = [];
  for (const spec of intents) {
    const id = newId("int");
    ids.push(id);
    const created = new Date(spec.at);
    const approval = spec.outcome === "require_approval";
    const resolvedAt = approval ? (spec.resolvedAfter === undefined ? null : plus(spec.at, spec.resolvedAfter)) : created;
    const sla = !approval || spec.sla === null ? null : typeof spec.sla === "string" ? new Date(spec.sla) : plus(spec.at, spec.sla ?? 4 * 3600);
    const action = spec.action ?? "test.action";
    const executable =
      spec.executable ?? (spec.outcome === "allow" || (approval && !action.startsWith("lease.") && (HUMAN_APPROVED.has(spec.status) || (spec.status === "expired" && !spec.timeoutLog))));
    const context = spec.context !== undefined ? spec.context : spec.recommendation ? { recommendation: spec.recommendation, confidence: 0.8 } : { confidence: 0.5 };
    await sqlExec(
      `INSERT INTO intents (id, org_id, agent_id, status, action, stage, environment, risk_tags, payload, payload_hash, context,
         outcome, rule_id, reason, reason_code, policy_snapshot, approvals_required, approver_role, step_up_required,
         sla_deadline, escalated_at, resolved_at, executable_at, expires_at, recommendation, sampled_rule_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4::"IntentStatus", $5, 'run', $6, '{}', '{}', 'hash', $7::jsonb,
         $8::"Outcome", $9, 'fixture', 'fixture', 'snap', $10, 'approver', false,
         $11, $12, $13, $14, $15, $16, $17, $18, $18)`,
      id,
      orgId,
      spec.agent,
      spec.status,
      action,
      spec.environment === undefined ? "production" : spec.environment,
      context === null ? null : JSON.stringify(context),
      spec.outcome,
      spec.rule === undefined ? null : spec.rule,
      spec.approvalsRequired ?? 1,
      sla,
      // Other suites run the (all-org) sweeper against the same database at the same time. Its two
      // triggers are kept off these historical rows, which metrics never read: a pending row past
      // its deadline is marked already escalated, and no executable row has a token expiry.
      (spec.escalated || spec.status === "pending_approval") && sla ? sla : null,
      resolvedAt,
      executable ? (resolvedAt ?? created) : null,
      null,
      typeof context?.recommendation === "string" ? context.recommendation : null,
      spec.review ? spec.rule : null,
      created,
    );
    for (const hit of spec.shadow ?? []) {
      await sqlExec(
        `INSERT INTO shadow_hits (id, org_id, intent_id, rule_id, outcome, reason_code, action, environment, agent_id, created_at)
         SELECT $1, org_id, id, $2, $3::"Outcome", 'shadow', action, environment, agent_id, created_at FROM intents WHERE id = $4`,
        newId("shd"),
        hit.rule_id,
        hit.outcome,
        id,
      );
    }
    for (const a of spec.approvals ?? []) {
      await sqlExec(
        `INSERT INTO approvals (id, org_id, intent_id, user_id, decision, reason, created_at, intent_created_at, action, environment, agent_id)
         SELECT $1, $2, $3, $4, $5, $6, $7, created_at, action, environment, agent_id FROM intents WHERE id = $3`,
        newId("apr"),
        orgId,
        id,
        a.user,
        a.decision,
        a.reason ?? null,
        plus(spec.at, a.after),
      );
    }
    if (spec.review) {
      const reviewed = spec.review !== "pending";
      await sqlExec(
        "INSERT INTO reviews (id, org_id, intent_id, rule_id, verdict, reviewed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        newId("rev"),
        orgId,
        id,
        spec.rule,
        reviewed ? spec.review : null,
        reviewed ? plus(spec.at, 86400) : null,
        created,
      );
    }
    if (spec.timeoutLog) {
      await sqlExec(
        "INSERT INTO decision_logs (id, org_id, intent_id, kind, actor_type, actor_id, reason, at) VALUES ($1, $2, $3, 'timeout', 'system', 'sweeper', 'No decision within the SLA', $4)",
        newId("dec"),
        orgId,
        id,
        sla ?? created,
      );
    }
  }
  return ids;
}
