import { db } from "../../db/client";
import { type OrgTx, inOrgTx } from "../../db/scoped";
import { SWEEPER, applySla } from "./apply-sla";
import { moveIntent } from "./lifecycle";

const BATCH = 100;

/**
 * One pass of the background sweeper (system-run, across orgs: no RequestContext): pending items past their SLA time out (lib/domain/intents/apply-sla.ts:
 * deny → expired; escalate → raised once, then expired after a second SLA), and allowed/approved items whose token
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
    WHERE (status = 'pending_approval' AND sla_deadline <= ${now})
       OR (status IN ('allowed', 'approved') AND expires_at <= ${now})
    ORDER BY created_at LIMIT ${BATCH}`;
}

async function sweepOne(tx: OrgTx, orgId: string, intentId: string, now: Date) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM intents WHERE id = ${intentId} AND org_id = ${orgId} FOR UPDATE SKIP LOCKED`;
  if (!locked[0]) return null; // another instance holds it right now
  const intent = await tx.intent.findFirst({ where: { id: intentId } });
  if (!intent) return null;
  if (intent.status === "pending_approval") return applySla(tx, orgId, intent, now);
  if ((intent.status === "allowed" || intent.status === "approved") && intent.expiresAt && intent.expiresAt <= now) {
    await moveIntent(tx, orgId, intent, "expired", { actor: SWEEPER, audit: { from: intent.status, why: "execution token expired unused" } });
    return "expired" as const;
  }
  return null;
}
