// How a pending intent of the history ends, written as the server writes it: a human approval or
// rejection (resolveApproval), an SLA timeout (the sweeper's timeOut) or the agent cancelling
// (cancelIntent). Each updates the intent row and adds the decisions-log line, audit event and
// domain event the server would.
import { executionTokenTtlMs } from "../../lib/domain/intents/issue-execution-token";
import type { HistoryContext, PlannedIntent } from "./history-context";
import { iso } from "./history-store";
import { issueToken } from "./proposal-rows";

const SWEEPER = { type: "system", id: "sweeper" };

export interface HumanDecision {
  at: number;
  userId: string;
  decision: "approve" | "reject";
  reason: string | null;
  note: string | null;
  via: "dashboard" | "api" | "batch";
}

/** One approvals row and what goes with it; returns whether the intent is now resolved. */
export function recordHumanDecision(ctx: HistoryContext, intent: PlannedIntent, human: HumanDecision, approvalsBefore: number): boolean {
  const { store } = ctx;
  const { at, decision } = human;
  store.approvals.push({
    id: store.newId("apr"), org_id: store.orgId, intent_id: intent.id, user_id: human.userId, decision, reason: human.reason,
    note: human.note, via: human.via, credential_id: null, created_at: iso(at), intent_created_at: iso(intent.createdAt),
    action: intent.action, environment: intent.environment, agent_id: intent.agentId,
  });
  const actor = { type: "user", id: human.userId };
  const received = approvalsBefore + (decision === "approve" ? 1 : 0);
  const required = intent.decision.approvalsRequired;
  const complete = decision === "reject" || received >= required;
  const details = { reason: human.reason, note: human.note };
  store.decision(at, intent.id, {
    kind: decision === "approve" ? "approval" : "rejection",
    actor,
    ...details,
    policySnapshot: intent.snapshot,
    data: { approvals_received: received, approvals_required: required, via: human.via },
  });
  intent.row.updated_at = iso(at);
  if (!complete) {
    store.audit(at, {
      actor, type: "intent.approval_recorded", subject: { type: "intent", id: intent.id },
      data: { ...details, approvals_received: received, approvals_required: required },
    });
    store.event(at, "intent.approval_recorded", { id: intent.id, status: "pending_approval", action: intent.action });
    return false;
  }
  const status = decision === "approve" ? "approved" : "rejected";
  Object.assign(intent.row, { status, resolved_at: iso(at) });
  if (status === "approved" && !intent.leaseRequest) {
    intent.token = issueToken(ctx, intent, at);
    Object.assign(intent.row, { expires_at: iso(at + executionTokenTtlMs()), executable_at: iso(at) });
  }
  store.audit(at, {
    actor, type: `intent.${status}`, subject: { type: "intent", id: intent.id },
    data: { ...details, approvals_received: received, step_up_credential_id: null },
  });
  store.event(at, "intent.resolved", { id: intent.id, status, action: intent.action });
  return true;
}

/** The sweeper found the item past its SLA with on_timeout deny. */
export function recordTimeout(ctx: HistoryContext, intent: PlannedIntent, at: number): void {
  Object.assign(intent.row, { status: "expired", resolved_at: iso(at), updated_at: iso(at) });
  ctx.store.decision(at, intent.id, { kind: "timeout", actor: SWEEPER, reason: "No decision within the SLA; the policy says deny on timeout" });
  ctx.store.audit(at, { actor: SWEEPER, type: "intent.expired", subject: { type: "intent", id: intent.id }, data: { from: "pending_approval", why: "sla_timeout" } });
  ctx.store.event(at, "intent.resolved", { id: intent.id, status: "expired", action: intent.action });
}

/** The agent withdrew its pending proposal. */
export function recordCancel(ctx: HistoryContext, intent: PlannedIntent, at: number, reason: string): void {
  const actor = { type: "agent", id: intent.agentId };
  Object.assign(intent.row, { status: "cancelled", resolved_at: iso(at), updated_at: iso(at) });
  ctx.store.decision(at, intent.id, { kind: "cancel", actor, reason });
  ctx.store.audit(at, { actor, type: "intent.cancelled", subject: { type: "intent", id: intent.id }, data: { reason } });
  ctx.store.event(at, "intent.resolved", { id: intent.id, status: "cancelled", action: intent.action });
}
