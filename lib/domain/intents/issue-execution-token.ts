import { executionToken } from "../../auth/secret-token";
import { type OrgParams, insertCte, utc } from "../../db/sql";
import { setting } from "../../config.mjs";

/** A single-use execution token to issue: bound to the payload hash and the policy snapshot the intent was decided under. */
export interface TokenToIssue {
  id: string;
  intentId: string;
  payloadHash: string;
  policySnapshot: string;
  expiresAt: Date;
  createdAt: Date;
}

/** The token's insert (`execution_token`) as a CTE of the statement that makes the intent executable; only its hash is stored. */
export function executionTokenCte(p: OrgParams, token: TokenToIssue, gate: string | null): string {
  return insertCte("execution_token", "execution_tokens", {
    id: p.add(token.id),
    org_id: p.org,
    intent_id: p.add(token.intentId),
    token_hash: p.add(executionToken(token.id).hash),
    payload_hash: p.add(token.payloadHash),
    policy_snapshot: p.add(token.policySnapshot),
    expires_at: p.add(utc(token.expiresAt), "timestamp(3)"),
    created_at: p.add(utc(token.createdAt), "timestamp(3)"),
  }, gate);
}

/** How long an execution token stays valid after it is issued. */
export const executionTokenTtlMs = () => setting("EXEC_TOKEN_TTL_SECONDS") * 1000;
/** When a token issued now expires. */
export const executionTokenExpiry = (now = Date.now()) => new Date(now + executionTokenTtlMs());
