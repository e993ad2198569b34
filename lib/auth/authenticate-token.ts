import { db } from "../db/client";
import { poolRunner } from "../db/sql";
import type { Role } from "../roles";
import type { Principal } from "./principal";
import { hashToken, tokenKind } from "./secret-token";

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves a bearer token to its principal, or null. Lookup is by SHA-256 hash (unique index),
 * so the secret never meets a comparison; the token's own org is the caller's org.
 * This is one of the few unscoped reads: the org is not known until the token is.
 */
export async function authenticateToken(token: string): Promise<Principal | null> {
  const kind = tokenKind(token);
  if (kind === "agent") return authenticateAgent(hashToken(token));
  if (kind === "user") return authenticateUser(hashToken(token));
  return null;
}

// Both lookups go to the pg pool directly as prepared statements: they run on every API request,
// and one plain query costs a fraction of an ORM query (measured: BENCHMARKS.md).

async function authenticateAgent(keyHash: string): Promise<Principal | null> {
  const rows = await poolRunner<{ id: string; org_id: string; name: string; stale: boolean }>(
    `SELECT id, org_id, name, ${STALE} AS stale FROM agents WHERE key_hash = $1 AND deleted_at IS NULL`,
    [keyHash],
  );
  const agent = rows[0];
  if (!agent) return null;
  if (agent.stale) {
    void db().agent.update({ where: { id: agent.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { kind: "agent", orgId: agent.org_id, agentId: agent.id, agentName: agent.name };
}

async function authenticateUser(tokenHash: string): Promise<Principal | null> {
  // The role is read live from the membership, so a demotion or removal takes effect on the next request.
  // A token minted with another (POST /tokens) is dead once any token it descends from is revoked:
  // revoking cascades to descendants already, and this covers one minted while its parent was being revoked.
  const rows = await poolRunner<{ id: string; org_id: string; user_id: string; stale: boolean; role: Role }>(
    `WITH RECURSIVE ancestors AS (
       SELECT p.id, p.parent_token_id, p.revoked_at, 1 AS depth
       FROM api_tokens c JOIN api_tokens p ON p.id = c.parent_token_id WHERE c.token_hash = $1
       UNION ALL
       SELECT p.id, p.parent_token_id, p.revoked_at, a.depth + 1
       FROM ancestors a JOIN api_tokens p ON p.id = a.parent_token_id WHERE a.depth < 64
     )
     SELECT t.id, t.org_id, t.user_id, ${STALE.replaceAll("last_used_at", "t.last_used_at")} AS stale, m.role
     FROM api_tokens t JOIN memberships m ON m.org_id = t.org_id AND m.user_id = t.user_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > (now() AT TIME ZONE 'UTC'))
       AND NOT EXISTS (SELECT 1 FROM ancestors WHERE revoked_at IS NOT NULL)`,
    [tokenHash],
  );
  const token = rows[0];
  if (!token) return null;
  if (token.stale) {
    void db().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { kind: "user", orgId: token.org_id, userId: token.user_id, role: token.role, via: "token", tokenId: token.id };
}

/** last_used_at is written at most once a minute: true when the stored one is older (or unset). */
const STALE = `(last_used_at IS NULL OR last_used_at < (now() AT TIME ZONE 'UTC') - interval '${LAST_USED_RESOLUTION_MS / 1000} seconds')`;
