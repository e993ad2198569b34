import type { AgentPrincipal } from "../../auth/principal";
import { hashCanonical } from "../../canonical-json";
import { type OrgTx, inOrgTx, orgDb } from "../../db/scoped";
import { AppError } from "../../errors";
import { decide } from "../../policy";
import type { TProposeIntent } from "../../schemas/intents";
import { checkIdempotencyKey } from "../idempotency-key";
import { activePolicy } from "../policies/active-policy";
import { gateResume } from "./gate-resume";
import { intentFacts } from "./intent-facts";
import { enforceLease } from "../leases/enforce-lease";
import { recordIntent } from "./record-intent";
import { INTENT_INCLUDE, serializeIntent } from "./serialize-intent";

/**
 * POST /intents: decide under the active policy and record the intent, its decision, its
 * execution token (when allowed), its audit event and its domain event in one transaction.
 * With an Idempotency-Key, a repeat of the same body answers the original intent (replayed).
 */
export async function proposeIntent(auth: AgentPrincipal, input: TProposeIntent, idempotencyKey: string | null) {
  const key = checkIdempotencyKey(idempotencyKey);
  const requestHash = hashCanonical(input);
  if (key) {
    const replay = await findReplay(auth, key, requestHash);
    if (replay) return replay;
  }
  try {
    // Answered from the rows just written: a read-back would cost several more queries per proposal.
    const { row } = await inOrgTx(auth.orgId, (tx) => createIntent(tx, auth, input, key, requestHash));
    return { intent: serializeIntent(row, { revealToken: true }), replayed: false };
  } catch (error) {
    // The same key raced in from a parallel request: the unique index let one through; answer with it.
    if (key && (error as { code?: string }).code === "P2002") {
      const replay = await findReplay(auth, key, requestHash);
      if (replay) return replay;
    }
    throw error;
  }
}

async function createIntent(tx: OrgTx, auth: AgentPrincipal, input: TProposeIntent, key: string | null, requestHash: string) {
  const agent = { id: auth.agentId, name: auth.agentName };
  const policy = await activePolicy(auth.orgId, tx);
  const facts = intentFacts({ ...input, riskTags: input.risk_tags }, agent);
  const policyDecision = await gateResume(tx, input, decide(policy.compiled, facts));
  // A lease is checked before the policy can let anything through (API.md, Leases).
  const decision = input.lease_id ? await enforceLease(tx, auth, input, policyDecision) : policyDecision;
  return recordIntent(tx, { auth, input, decision, policySnapshot: policy.snapshot, idempotencyKey: key, requestHash });
}

async function findReplay(auth: AgentPrincipal, key: string, requestHash: string) {
  const existing = await orgDb(auth.orgId).intent.findFirst({
    where: { agentId: auth.agentId, idempotencyKey: key },
    select: { id: true, requestHash: true },
  });
  if (!existing) return null;
  if (existing.requestHash !== requestHash) {
    throw new AppError("idempotency_conflict", "This Idempotency-Key was already used with a different body");
  }
  return { intent: await readIntent(auth, existing.id), replayed: true };
}

async function readIntent(auth: AgentPrincipal, intentId: string) {
  const row = await orgDb(auth.orgId).intent.findFirstOrThrow({ where: { id: intentId }, include: INTENT_INCLUDE });
  return serializeIntent(row, { revealToken: true });
}
