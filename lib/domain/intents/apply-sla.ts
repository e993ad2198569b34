import type { OrgTx } from "../../db/scoped";
import { ROLES, type Role } from "../../roles";
import type { Intent } from "../../generated/prisma/client";
import { moveIntent } from "./lifecycle";

/** The actor of timeouts and token expiries, whoever notices them first (the sweeper or a late resolution). */
export const SWEEPER = { type: "system", id: "sweeper" };

/** The columns of a pending intent its SLA is judged by (read under the intent's row lock). */
export type SlaState = Pick<Intent, "id" | "status" | "action" | "leaseId" | "payload" | "createdAt" | "slaDeadline" | "onTimeout" | "escalatedAt" | "approverRole">;

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
  await moveIntent(tx, orgId, intent, "expired", { actor: SWEEPER, at: now, decision: { reason }, audit: { from: "pending_approval", why: "sla_timeout" } });
}

/** Escalation keeps the item open but raises who may resolve it (approver → publisher → admin). */
async function escalate(tx: OrgTx, orgId: string, intent: SlaState, secondDeadline: Date, now: Date) {
  const raised = ROLES[Math.min(ROLES.indexOf(intent.approverRole) + 1, ROLES.length - 1)] as Role;
  const reason = `No decision within the SLA; escalated to ${raised} until ${secondDeadline.toISOString()}`;
  const sla_deadline = secondDeadline.toISOString();
  await moveIntent(tx, orgId, intent, "pending_approval", {
    actor: SWEEPER,
    at: now,
    columns: { approverRole: raised, slaDeadline: secondDeadline, remindersSent: 0 },
    decision: { reason, data: { escalated_to: raised, sla_deadline } },
    audit: { from_role: intent.approverRole, to_role: raised, sla_deadline },
  });
  intent.escalatedAt = now;
  intent.approverRole = raised;
  intent.slaDeadline = secondDeadline;
}
