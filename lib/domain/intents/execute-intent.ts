import { hashToken, hashesEqual } from "../../auth/secret-token";
import { type OrgTx, rowKey } from "../../db/scoped";
import { AppError } from "../../errors";
import { decide } from "../../policy";
import { chainRefusal, readLeaseChain } from "../leases/lease-chain";
import { activePolicy } from "../policies/active-policy";
import type { AgentContext } from "../request-context";
import { findIntentRow, lockIntent } from "./find-intent";
import { intentFacts } from "./intent-facts";
import { moveIntent, transitionOf } from "./lifecycle";
import { serializeIntent } from "./serialize-intent";

/**
 * POST /intents/{id}/execute: spends the single-use token. Refusals come in the contract's order:
 * invalid_execution_token, token_used, token_expired, not_executable, payload_mismatch, policy_changed,
 * lease_revoked / lease_expired. The intent row is locked, so of two concurrent executes exactly one wins.
 */
export async function executeIntent(ctx: AgentContext, intentId: string, input: { execution_token: string; payload_hash: string }) {
  await ctx.tx(async (tx) => {
    await lockIntent(ctx, tx, intentId);
    const intent = await findIntentRow(ctx, intentId, tx);
    const tokenHash = hashToken(input.execution_token);
    const token = await tx.executionToken.findFirst({ where: { tokenHash, intentId } });
    if (!token || !hashesEqual(token.tokenHash, tokenHash)) {
      throw new AppError("invalid_execution_token", "This execution token was not issued for this intent");
    }
    if (token.usedAt) throw new AppError("token_used", "This execution token has already been used");
    if (token.expiresAt <= new Date()) throw new AppError("token_expired", "This execution token has expired");
    transitionOf(intent.status, "executing");
    if (input.payload_hash !== token.payloadHash || input.payload_hash !== intent.payloadHash) {
      throw new AppError("payload_mismatch", "payload_hash does not match the payload that was decided on");
    }
    const policy = await activePolicy(ctx.orgId, tx);
    if (policy.snapshot !== token.policySnapshot) {
      const now = decide(policy.compiled, intentFacts(intent, { id: ctx.principal.agentId, name: ctx.principal.agentName }));
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
    if (intent.leaseId) await refuseUnlessLeaseActive(ctx, tx, intent.leaseId);
    const at = new Date();
    await tx.executionToken.update({ where: rowKey(ctx.orgId, token.id), data: { usedAt: at } });
    await moveIntent(tx, ctx.orgId, intent, "executing", {
      actor: ctx.actor,
      at,
      decision: { policySnapshot: policy.snapshot },
      audit: { payload_hash: intent.payloadHash, token_id: token.id, policy_snapshot: policy.snapshot },
    });
  });
  return serializeIntent(await findIntentRow(ctx, intentId));
}

/**
 * A token issued inside a lease is only as good as the lease: revoking or outliving it (or any lease
 * above it) stops intents staged under it that have not executed yet, not just new proposals.
 */
async function refuseUnlessLeaseActive(ctx: AgentContext, tx: OrgTx, leaseId: string): Promise<void> {
  const refusal = chainRefusal(await readLeaseChain(ctx, leaseId, tx), new Date());
  if (!refusal) return;
  const code = refusal.reasonCode === "lease_expired" ? "lease_expired" : "lease_revoked";
  throw new AppError(code, `${refusal.reason}; intents it allowed can no longer execute`, { lease_id: leaseId });
}
