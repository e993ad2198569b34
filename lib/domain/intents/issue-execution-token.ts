import { executionToken } from "../../auth/secret-token";
import type { OrgTx } from "../../db/scoped";
import { newId } from "../../ids";
import { setting } from "../../config.mjs";

/**
 * Issues the single-use token bound to the intent's payload hash and the policy snapshot it was
 * decided under; only its hash is stored. Returns its id and expiry (the intent's expires_at).
 */
export async function issueExecutionToken(
  tx: OrgTx,
  orgId: string,
  intent: { id: string; payloadHash: string; policySnapshot: string },
  expiresAt: Date = executionTokenExpiry(),
): Promise<{ id: string; expiresAt: Date }> {
  const id = newId("ext");
  await tx.executionToken.create({
    data: {
      id,
      orgId,
      intentId: intent.id,
      tokenHash: executionToken(id).hash,
      payloadHash: intent.payloadHash,
      policySnapshot: intent.policySnapshot,
      expiresAt,
    },
  });
  return { id, expiresAt };
}

/** How long an execution token stays valid after it is issued. */
export const executionTokenTtlMs = () => setting("EXEC_TOKEN_TTL_SECONDS") * 1000;
/** When a token issued now expires. */
export const executionTokenExpiry = (now = Date.now()) => new Date(now + executionTokenTtlMs());
