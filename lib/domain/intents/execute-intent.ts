import type { AgentPrincipal } from "../../auth/principal";
import { hashToken, hashesEqual } from "../../auth/secret-token";
import { type OrgTx, inOrgTx } from "../../db/scoped";
import { AppError } from "../../errors";
import { decide } from "../../policy";
import { appendAuditEvent } from "../audit/append-audit-event";
import { recordEvent } from "../events/record-event";
import { chainRefusal, readLeaseChain } from "../leases/lease-chain";
import { activePolicy } from "../policies/active-policy";
import { findIntentRow, lockIntent } from "./find-intent";
import { intentFacts } from "./intent-facts";
import { logDecision } from "./log-decision";
import { serializeIntent } from "./serialize-intent";

/**
 * POST /intents/{id}/execute: spends the single-use token. Refusals come in the contract's order:
 * invalid_execution_token, token_used, token_expired, not_executable, payload_mismatch, policy_changed,
 * lease_revoked / lease_expired. The intent row is locked, so of two concurrent executes exactly one wins.
 */
export async function executeIntent(auth: AgentPrincipal, intentId: string, input: { execution_token: string; payload_hash: string }) {
  await inOrgTx(auth.orgId, async (tx) => {
    await lockIntent(tx, auth, intentId);
    const intent = await findIntentRow(auth, intentId, tx);
    const tokenHash = hashToken(input.execution_token);
    const token = await tx.executionToken.findFirst({ where: { tokenHash, intentId } });
    if (!token || !hashesEqual(token.tokenHash, tokenHash)) {
      throw new AppError("invalid_execution_token", "This execution token was not issued for this intent");
    }
    if (token.usedAt) throw new AppError("token_used", "This execution token has already been used");
    if (token.expiresAt <= new Date()) throw new AppError("token_expired", "This execution token has expired");
    if (intent.status !== "allowed" && intent.status !== "approved") {
      throw new AppError("not_executable", `Intent is ${intent.status}, not allowed or approved`);
    }
    if (input.payload_hash !== token.payloadHash || input.payload_hash !== intent.payloadHash) {
      throw new AppError("payload_mismatch", "payload_hash does not match the payload that was decided on");
    }
    const policy = await activePolicy(auth.orgId, tx);
    if (policy.snapshot !== token.policySnapshot) {
      const now = decide(policy.compiled, intentFacts(intent, { id: auth.agentId, name: auth.agentName }));
      // An auto-allowed intent needs the new policy to allow it too; a human approval stands unless the policy now denies.
      const stillStands = intent.status === "allowed" ? now.outcome === "allow" : now.outcome !== "deny";
      if (!stillStands) {
        throw new AppError("policy_changed", "The policy changed since this decision and no longer permits it", {
          decided_under: token.policySnapshot,
          active: policy.snapshot,
          outcome_now: now.outcome,
          rule_id_now: now.ruleId,
        });
      }
    }
    if (intent.leaseId) await refuseUnlessLeaseActive(tx, auth.orgId, intent.leaseId);
    const at = new Date();
    await tx.executionToken.update({ where: { id: token.id }, data: { usedAt: at } });
    await tx.intent.update({ where: { id: intentId }, data: { status: "executing", executedAt: at } });
    const actor = { type: "agent", id: auth.agentId };
    await logDecision(tx, auth.orgId, intentId, { kind: "execution", actor, policySnapshot: policy.snapshot });
    await appendAuditEvent(tx, auth.orgId, {
      actor,
      type: "intent.executing",
      subject: { type: "intent", id: intentId },
      data: { payload_hash: intent.payloadHash, token_id: token.id, policy_snapshot: policy.snapshot },
    });
    await recordEvent(tx, auth.orgId, "intent.executing", { id: intentId, status: "executing", action: intent.action });
  });
  return serializeIntent(await findIntentRow(auth, intentId));
}

/**
 * A token issued inside a lease is only as good as the lease: revoking or outliving it (or any lease
 * above it) stops intents staged under it that have not executed yet, not just new proposals.
 */
async function refuseUnlessLeaseActive(tx: OrgTx, orgId: string, leaseId: string): Promise<void> {
  const refusal = chainRefusal(await readLeaseChain(tx, orgId, leaseId), new Date());
  if (!refusal) return;
  const code = refusal.reasonCode === "lease_expired" ? "lease_expired" : "lease_revoked";
  throw new AppError(code, `${refusal.reason}; intents it allowed can no longer execute`, { lease_id: leaseId });
}
