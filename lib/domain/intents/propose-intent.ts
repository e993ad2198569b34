import { hashCanonical } from "../../canonical-json";
import { isUniqueViolation } from "../../db/errors";
import type { OrgTx } from "../../db/scoped";
import { AppError } from "../../errors";
import { decide } from "../../policy";
import type { TProposeIntent } from "../../schemas/intents";
import { checkIdempotencyKey } from "../idempotency-key";
import { enforceLease } from "../leases/enforce-lease";
import { activePolicy, lastSeenActivePolicy } from "../policies/active-policy";
import type { AgentContext } from "../request-context";
import { gateResume } from "./gate-resume";
import { intentFacts } from "./intent-facts";
import { assignIntent } from "../approvals/assign-reviewers";
import { type RecordedIntent, recordIntent, recordIntentUnderActivePolicy } from "./record-intent";
import { INTENT_INCLUDE, serializeIntent } from "./serialize-intent";

/** Decisions under a policy that moved while deciding, before giving up (each publish moves it once). */
const POLICY_ATTEMPTS = 3;

/**
 * POST /intents: decide under the active policy and record the intent, its decision, its
 * execution token (when allowed), its audit event and its domain event atomically.
 * With an Idempotency-Key, a repeat of the same body answers the original intent (replayed): the
 * key's unique index refuses the second write and the original is read then, so a first use
 * costs no extra lookup on the common path.
 */
export async function proposeIntent(ctx: AgentContext, input: TProposeIntent, idempotencyKey: string | null) {
  const key = checkIdempotencyKey(idempotencyKey);
  const requestHash = hashCanonical(input);
  const readsInTransaction = Boolean(input.lease_id || input.resumes);
  if (key && readsInTransaction) {
    // Answered before the lease or the resumed run is checked again: a replay must not fail on what changed since.
    const replay = await findReplay(ctx, key, requestHash);
    if (replay) return replay;
  }
  try {
    const recorded = readsInTransaction
      ? await ctx.tx((tx) => proposeReading(ctx, tx, input, key, requestHash))
      : await proposeDirect(ctx.principal, input, key, requestHash);
    // A reviewer is assigned before the agent is answered, so nobody sees the item unassigned (assign-reviewers.ts).
    if (recorded.row.status === "pending_approval") await assignIntent(ctx.orgId, recorded.row.id, "new");
    return { intent: serializeIntent(recorded.row, { revealToken: true }), replayed: false };
  } catch (error) {
    if (key && isUniqueViolation(error)) {
      const replay = await findReplay(ctx, key, requestHash);
      if (replay) return replay;
    }
    throw error;
  }
}

/**
 * The common case — no lease, no resumed run — reads nothing in a transaction: the policy comes
 * from this process's cache and the one write statement checks it is still the active one.
 */
async function proposeDirect(auth: AgentContext["principal"], input: TProposeIntent, key: string | null, requestHash: string): Promise<RecordedIntent> {
  const facts = intentFacts({ ...input, riskTags: input.risk_tags }, { id: auth.agentId, name: auth.agentName });
  for (let attempt = 0; attempt < POLICY_ATTEMPTS; attempt++) {
    const policy = await lastSeenActivePolicy(auth.orgId, attempt > 0);
    const recorded = await recordIntentUnderActivePolicy({
      auth, input, decision: decide(policy.compiled, facts), policySnapshot: policy.snapshot, idempotencyKey: key, requestHash,
    });
    if (recorded) return recorded;
  }
  throw new AppError("policy_changed", "The policy changed while this intent was being decided; propose it again");
}

/** A lease or a resumed run is checked against rows read in the same transaction as the write. */
async function proposeReading(ctx: AgentContext, tx: OrgTx, input: TProposeIntent, key: string | null, requestHash: string) {
  const auth = ctx.principal;
  const policy = await activePolicy(ctx.orgId, tx);
  const facts = intentFacts({ ...input, riskTags: input.risk_tags }, { id: auth.agentId, name: auth.agentName });
  const policyDecision = await gateResume(ctx, tx, input, decide(policy.compiled, facts));
  // A lease is checked before the policy can let anything through (API.md, Leases).
  const decision = input.lease_id ? await enforceLease(ctx, tx, input, policyDecision) : policyDecision;
  return recordIntent(tx, { auth, input, decision, policySnapshot: policy.snapshot, idempotencyKey: key, requestHash });
}

async function findReplay(ctx: AgentContext, key: string, requestHash: string) {
  const existing = await ctx.db.intent.findFirst({
    where: { agentId: ctx.principal.agentId, idempotencyKey: key },
    select: { id: true, requestHash: true },
  });
  if (!existing) return null;
  if (existing.requestHash !== requestHash) {
    throw new AppError("idempotency_conflict", "This Idempotency-Key was already used with a different body");
  }
  return { intent: await readIntent(ctx, existing.id), replayed: true };
}

async function readIntent(ctx: AgentContext, intentId: string) {
  const row = await ctx.db.intent.findFirstOrThrow({ where: { id: intentId }, include: INTENT_INCLUDE });
  return serializeIntent(row, { revealToken: true });
}
