import { AppError } from "../../errors";
import { signStatement } from "../../signing/statements";
import { chainPendingAuditEvents } from "../audit/chain-audit-events";
import type { RequestContext } from "../request-context";
import { findIntentRow } from "./find-intent";

/** The audit events that record an execution and its result, newest last. */
const EXECUTION_AUDIT_TYPES = ["intent.executing", "intent.succeeded", "intent.failed"];

/**
 * GET /intents/{id}/receipt: once the intent has executed, a compact JWS (EdDSA, by the instance
 * set's current key) of what was approved and run, which anyone can check offline with the JWK
 * Set alone: the exact payload hash and policy snapshot, the rule that decided, who approved
 * (with step-up or not), when it executed and how it ended, and the audit event that records the
 * latest of that (seq and hash, so the receipt also pins a point of the chain).
 */
export async function intentReceipt(ctx: RequestContext, intentId: string) {
  const intent = await findIntentRow(ctx, intentId);
  if (!intent.executedAt) {
    throw new AppError("not_executed", `Intent is ${intent.status}; a receipt exists once it has executed`);
  }
  await chainPendingAuditEvents(ctx);
  const event = await ctx.db.auditEvent.findFirst({
    where: { subjectType: "intent", subjectId: intent.id, type: { in: EXECUTION_AUDIT_TYPES } },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });
  // An executed intent always has its audit event (they commit together): its absence is tampering.
  if (!event) throw new AppError("audit_incomplete", "The audit trail holds no record of this execution; run GET /api/v1/audit/verify");
  const payload = {
    intent_id: intent.id,
    org_id: ctx.orgId,
    agent_id: intent.agentId,
    action: intent.action,
    stage: intent.stage,
    payload_hash: intent.payloadHash,
    policy_snapshot: intent.policySnapshot,
    decision: { outcome: intent.outcome, rule_id: intent.ruleId },
    approvals: (intent.approvals ?? [])
      .filter((a) => a.decision === "approve")
      .map((a) => ({ user_id: a.userId, at: a.createdAt.toISOString(), step_up: !!a.credentialId })),
    revisions: [] as { payload_hash: string; edited_by: string; at: string }[],
    executed_at: intent.executedAt.toISOString(),
    result_status: intent.status === "succeeded" || intent.status === "failed" ? intent.status : null,
    audit: { seq: event.seq, hash: event.hash },
    issued_at: new Date().toISOString(),
  };
  const { jws, kid } = await signStatement("receipt", payload);
  return { jws, kid, payload };
}
