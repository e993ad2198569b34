import type { OrgTx } from "../../db/scoped";
import { ROLES, type Role } from "../../roles";
import { appendAuditEvent } from "../audit/append-audit-event";
import { recordEvent } from "../events/record-event";
import { applyLeaseResolution } from "../leases/apply-lease-resolution";
import { logDecision } from "./log-decision";

/** The actor of timeouts and token expiries, whoever notices them first (the sweeper or a late resolution). */
export const SWEEPER = { type: "system", id: "sweeper" };

/** The columns of a pending intent its SLA is judged by (read under the intent's row lock). */
export interface SlaState {
  id: string;
  action: string;
  leaseId: string | null;
  payload: unknown;
  createdAt: Date;
  slaDeadline: Date | null;
  onTimeout: string;
  escalatedAt: Date | null;
  approverRole: Role;
}

export type SlaOutcome = "timedOut" | "escalated" | null;

/**
 * Applies a pending intent's timeout as of `now`, whoever notices first — the sweeper, or a
 * resolution arriving late, in its own transaction — so the SLA holds whether or not a sweeper
 * ran. on_timeout deny → expired. escalate → raised to the next role once, with a second SLA of
 * the same length counted from the first deadline, after which it expires. Callers hold the row lock;
 * an escalation also updates `intent` in place (role, deadline), so the caller judges the raised item.
 */
export async function applySla(tx: OrgTx, orgId: string, intent: SlaState, now: Date): Promise<SlaOutcome> {
  if (!intent.slaDeadline || intent.slaDeadline > now) return null;
  if (intent.onTimeout === "escalate" && !intent.escalatedAt) {
    const secondDeadline = new Date(intent.slaDeadline.getTime() + Math.max(intent.slaDeadline.getTime() - intent.createdAt.getTime(), 0));
    await escalate(tx, orgId, intent, secondDeadline, now);
    if (secondDeadline > now) return "escalated";
  }
  await timeOut(tx, orgId, intent, now);
  return "timedOut";
}

async function timeOut(tx: OrgTx, orgId: string, intent: SlaState, now: Date) {
  // An escalate item reaches this only after its escalation (just now or earlier).
  const reason = intent.onTimeout === "escalate"
    ? "No decision within the escalated SLA; the item expired"
    : "No decision within the SLA; the policy says deny on timeout";
  await tx.intent.update({ where: { id: intent.id }, data: { status: "expired", resolvedAt: now } });
  await applyLeaseResolution(tx, orgId, intent, "expired", SWEEPER);
  await logDecision(tx, orgId, intent.id, { kind: "timeout", actor: SWEEPER, reason });
  await appendAuditEvent(tx, orgId, {
    actor: SWEEPER,
    type: "intent.expired",
    subject: { type: "intent", id: intent.id },
    data: { from: "pending_approval", why: "sla_timeout" },
  });
  await recordEvent(tx, orgId, "intent.resolved", { id: intent.id, status: "expired", action: intent.action });
}

/** Escalation keeps the item open but raises who may resolve it (approver → publisher → admin). */
async function escalate(tx: OrgTx, orgId: string, intent: SlaState, secondDeadline: Date, now: Date) {
  const raised = ROLES[Math.min(ROLES.indexOf(intent.approverRole) + 1, ROLES.length - 1)] as Role;
  const reason = `No decision within the SLA; escalated to ${raised} until ${secondDeadline.toISOString()}`;
  await tx.intent.update({ where: { id: intent.id }, data: { escalatedAt: now, approverRole: raised, slaDeadline: secondDeadline } });
  await logDecision(tx, orgId, intent.id, { kind: "timeout", actor: SWEEPER, reason, data: { escalated_to: raised, sla_deadline: secondDeadline.toISOString() } });
  await appendAuditEvent(tx, orgId, {
    actor: SWEEPER,
    type: "intent.escalated",
    subject: { type: "intent", id: intent.id },
    data: { from_role: intent.approverRole, to_role: raised, sla_deadline: secondDeadline.toISOString() },
  });
  await recordEvent(tx, orgId, "intent.escalated", { id: intent.id, status: "pending_approval", action: intent.action });
  intent.escalatedAt = now;
  intent.approverRole = raised;
  intent.slaDeadline = secondDeadline;
}
