import { db } from "../../db/client";
import { inOrgTx } from "../../db/scoped";
import type { IntentStatus } from "../../generated/prisma/enums";
import { ROLES, type Role } from "../../roles";
import { appendAuditEvent } from "../audit/append-audit-event";
import { applyLeaseResolution } from "../leases/apply-lease-resolution";
import { recordEvent } from "../events/record-event";
import { logDecision } from "./log-decision";

const BATCH = 100;
const SYSTEM = { type: "system", id: "sweeper" };

/**
 * One pass of the background sweeper: pending items past their SLA time out (on_timeout deny →
 * expired; escalate → raised to the next role, once), and allowed/approved items whose token
 * lapsed unused expire. Safe with many instances: each item is claimed with FOR UPDATE SKIP
 * LOCKED and re-checked inside its own transaction, so every transition happens exactly once.
 */
export async function sweepIntents(now = new Date()): Promise<{ timedOut: number; escalated: number; expired: number }> {
  const counts = { timedOut: 0, escalated: 0, expired: 0 };
  for (const candidate of await dueCandidates(now)) {
    try {
      const outcome = await inOrgTx(candidate.org_id, (tx) => sweepOne(tx, candidate.org_id, candidate.id, now));
      if (outcome) counts[outcome] += 1;
    } catch (error) {
      // One bad row must not stall the rest of the pass; it is retried on the next one.
      console.error(`[sweeper] intent ${candidate.id}:`, (error as Error).message);
    }
  }
  return counts;
}

async function dueCandidates(now: Date) {
  return db().$queryRaw<{ id: string; org_id: string }[]>`
    SELECT id, org_id FROM intents
    WHERE (status = 'pending_approval' AND sla_deadline <= ${now} AND escalated_at IS NULL)
       OR (status IN ('allowed', 'approved') AND expires_at <= ${now})
    ORDER BY created_at LIMIT ${BATCH}`;
}

type Tx = Parameters<Parameters<typeof inOrgTx>[1]>[0];

async function sweepOne(tx: Tx, orgId: string, intentId: string, now: Date) {
  const locked = await tx.$queryRaw<{ status: IntentStatus; sla_deadline: Date | null; expires_at: Date | null; on_timeout: string; escalated_at: Date | null; approver_role: Role; action: string }[]>`
    SELECT status, sla_deadline, expires_at, on_timeout, escalated_at, approver_role, action FROM intents
    WHERE id = ${intentId} AND org_id = ${orgId} FOR UPDATE SKIP LOCKED`;
  const intent = locked[0];
  if (!intent) return null; // another instance holds it right now
  if (intent.status === "pending_approval" && intent.sla_deadline && intent.sla_deadline <= now && !intent.escalated_at) {
    return intent.on_timeout === "escalate" ? escalate(tx, orgId, intentId, intent) : timeOut(tx, orgId, intentId, intent.action);
  }
  if ((intent.status === "allowed" || intent.status === "approved") && intent.expires_at && intent.expires_at <= now) {
    await tx.intent.update({ where: { id: intentId }, data: { status: "expired" } });
    await appendAuditEvent(tx, orgId, {
      actor: SYSTEM,
      type: "intent.expired",
      subject: { type: "intent", id: intentId },
      data: { from: intent.status, why: "execution token expired unused" },
    });
    await recordEvent(tx, orgId, "intent.expired", { id: intentId, status: "expired", action: intent.action });
    return "expired" as const;
  }
  return null;
}

async function timeOut(tx: Tx, orgId: string, intentId: string, action: string) {
  const reason = "No decision within the SLA; the policy says deny on timeout";
  const intent = await tx.intent.update({ where: { id: intentId }, data: { status: "expired", resolvedAt: new Date() } });
  await applyLeaseResolution(tx, orgId, intent, "expired", SYSTEM);
  await logDecision(tx, orgId, intentId, { kind: "timeout", actor: SYSTEM, reason });
  await appendAuditEvent(tx, orgId, {
    actor: SYSTEM,
    type: "intent.expired",
    subject: { type: "intent", id: intentId },
    data: { from: "pending_approval", why: "sla_timeout" },
  });
  await recordEvent(tx, orgId, "intent.resolved", { id: intentId, status: "expired", action });
  return "timedOut" as const;
}

/** Escalation keeps the item open but raises who may resolve it (approver → publisher → admin). */
async function escalate(tx: Tx, orgId: string, intentId: string, intent: { approver_role: Role; action: string }) {
  const raised = ROLES[Math.min(ROLES.indexOf(intent.approver_role) + 1, ROLES.length - 1)];
  const reason = `No decision within the SLA; escalated to ${raised}`;
  await tx.intent.update({ where: { id: intentId }, data: { escalatedAt: new Date(), approverRole: raised } });
  await logDecision(tx, orgId, intentId, { kind: "timeout", actor: SYSTEM, reason, data: { escalated_to: raised } });
  await appendAuditEvent(tx, orgId, {
    actor: SYSTEM,
    type: "intent.escalated",
    subject: { type: "intent", id: intentId },
    data: { from_role: intent.approver_role, to_role: raised },
  });
  await recordEvent(tx, orgId, "intent.escalated", { id: intentId, status: "pending_approval", action: intent.action });
  return "escalated" as const;
}
