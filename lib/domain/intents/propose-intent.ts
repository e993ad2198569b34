import type { AgentPrincipal } from "../../auth/principal";
import { hashCanonical } from "../../canonical-json";
import { writeExactJson } from "../../db/exact-json";
import { type OrgTx, inOrgTx, orgDb } from "../../db/scoped";
import { AppError, notFound, validationFailed } from "../../errors";
import { newId } from "../../ids";
import { type PolicyDecision, decide } from "../../policy";
import type { TProposeIntent } from "../../schemas/intents";
import { appendAuditEvent } from "../audit/append-audit-event";
import { recordEvent } from "../events/record-event";
import { activePolicy } from "../policies/active-policy";
import { intentFacts } from "./intent-facts";
import { defaultApprovalSlaMs } from "./intent-settings";
import { issueExecutionToken } from "./issue-execution-token";
import { logDecision } from "./log-decision";
import { INTENT_INCLUDE, serializeIntent } from "./serialize-intent";

const STATUS_BY_OUTCOME = { allow: "allowed", deny: "denied", require_approval: "pending_approval" } as const;

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
    const intentId = await inOrgTx(auth.orgId, (tx) => createIntent(tx, auth, input, key, requestHash));
    return { intent: await readIntent(auth, intentId), replayed: false };
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
  const decision = await gateResume(tx, input, decide(policy.compiled, facts));
  if (input.lease_id && !(await tx.lease.findFirst({ where: { id: input.lease_id, agentId: auth.agentId } }))) {
    throw notFound("Lease");
  }
  const now = new Date();
  const intent = await tx.intent.create({
    data: {
      id: newId("int"),
      orgId: auth.orgId,
      agentId: auth.agentId,
      status: STATUS_BY_OUTCOME[decision.outcome],
      action: input.action,
      stage: input.stage,
      environment: input.environment ?? null,
      destination: input.destination ?? null,
      amount: input.amount ?? null,
      currency: input.currency?.toUpperCase() ?? null,
      riskTags: input.risk_tags,
      // The JSON columns are written exactly just below (writeExactJson); placeholders here.
      payload: {},
      payloadHash: hashCanonical(input.payload),
      rationale: input.rationale ?? null,
      leaseId: input.lease_id ?? null,
      resumesId: input.resumes ?? null,
      idempotencyKey: key,
      requestHash,
      outcome: decision.outcome,
      ruleId: decision.ruleId,
      reason: decision.reason,
      reasonCode: decision.reasonCode,
      policySnapshot: policy.snapshot,
      approvalsRequired: decision.approvalsRequired,
      approverRole: decision.approverRole,
      stepUpRequired: decision.stepUpRequired,
      onTimeout: decision.onTimeout,
      slaDeadline:
        decision.outcome === "require_approval"
          ? new Date(now.getTime() + (decision.slaSeconds ? decision.slaSeconds * 1000 : defaultApprovalSlaMs()))
          : null,
      resolvedAt: decision.outcome === "require_approval" ? null : now,
      createdAt: now,
    },
  });
  await writeExactJson(tx, "intents", { orgId: auth.orgId, id: intent.id }, {
    payload: input.payload,
    summary: input.summary ?? undefined,
    context: input.context ?? undefined,
  });
  if (decision.outcome === "allow") {
    const expiresAt = await issueExecutionToken(tx, auth.orgId, intent);
    await tx.intent.update({ where: { id: intent.id }, data: { expiresAt, executableAt: now } });
  }
  const actor = { type: "agent", id: auth.agentId };
  await logDecision(tx, auth.orgId, intent.id, {
    kind: "policy",
    actor: { type: "policy", id: decision.ruleId },
    reason: decision.reason,
    policySnapshot: policy.snapshot,
    data: { outcome: decision.outcome, rule_id: decision.ruleId, reason_code: decision.reasonCode },
  });
  await appendAuditEvent(tx, auth.orgId, {
    actor,
    type: "intent.proposed",
    subject: { type: "intent", id: intent.id },
    data: {
      action: intent.action,
      stage: intent.stage,
      payload_hash: intent.payloadHash,
      outcome: decision.outcome,
      rule_id: decision.ruleId,
      reason_code: decision.reasonCode,
      policy_snapshot: policy.snapshot,
      status: intent.status,
    },
  });
  const eventType = decision.outcome === "require_approval" ? "intent.pending" : "intent.resolved";
  await recordEvent(tx, auth.orgId, eventType, { id: intent.id, status: intent.status, action: intent.action });
  return intent.id;
}

/**
 * A resume of a run that was stopped (rejected, denied or expired) goes back through a human,
 * whatever the policy would say on its own: stopping must never be silently undone.
 */
async function gateResume(tx: OrgTx, input: TProposeIntent, decision: PolicyDecision): Promise<PolicyDecision> {
  if (!input.resumes) return decision;
  const original = await tx.intent.findFirst({ where: { id: input.resumes }, select: { id: true, status: true } });
  if (!original) throw notFound("Resumed intent");
  const stopped = original.status === "rejected" || original.status === "denied" || original.status === "expired";
  if (input.stage !== "resume" || !stopped || decision.outcome !== "allow") return decision;
  return {
    ...decision,
    outcome: "require_approval",
    reasonCode: "approval_required",
    reason: `Resumes intent ${original.id}, which was ${original.status}; a human must approve continuing`,
    approvalsRequired: Math.max(1, decision.approvalsRequired),
  };
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

function checkIdempotencyKey(key: string | null): string | null {
  if (key === null) return null;
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw validationFailed([{ path: ["Idempotency-Key"], message: "must be 1-255 printable ASCII characters" }]);
  }
  return key;
}
