import { db } from "../db/client";
import { rowKey } from "../db/scoped";
import { poolRunner } from "../db/sql";
import type { Role } from "../roles";
import type { Principal } from "./principal";
import { hashToken, tokenKind } from "./secret-token";

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves a bearer token to its principal, or null. Lookup is by SHA-256 hash (unique index),
 * so the secret never meets a comparison; the token's own org is the caller's org.
 * This is one of the few unscoped reads: the org is not known until the token is, so it starts at
 * credential_hashes (hash → org, credential-hashes.ts) and reads the tenant row by (org_id, hash).
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
    `SELECT a.id, a.org_id, a.name, ${STALE} AS stale
     FROM credential_hashes c JOIN agents a ON a.org_id = c.org_id AND a.key_hash = c.hash
     WHERE c.hash = $1 AND c.kind = 'agent' AND a.deleted_at IS NULL`,
    [keyHash],
  );
  const agent = rows[0];
  if (!agent) return null;
  if (agent.stale) {
    void db().agent.update({ where: rowKey(agent.org_id, agent.id), data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { kind: "agent", orgId: agent.org_id, agentId: agent.id, agentName: agent.name };
}

async function authenticateUser(tokenHash: string): Promise<Principal | null> {
  // The role is read live from the membership, so a demotion or removal takes effect on the next request.
  // A token minted with another (POST /tokens) is dead once any token it descends from is revoked:
  // revoking cascades to descendants already, and this covers one minted while its parent was being revoked.
  const rows = await poolRunner<{ id: string; org_id: string; user_id: string; stale: boolean; role: Role }>(
    `WITH RECURSIVE token AS (
       SELECT t.* FROM credential_hashes c JOIN api_tokens t ON t.org_id = c.org_id AND t.token_hash = c.hash
       WHERE c.hash = $1 AND c.kind = 'user_token'
     ), ancestors AS (
       SELECT p.org_id, p.id, p.parent_token_id, p.revoked_at, 1 AS depth
       FROM token c JOIN api_tokens p ON p.org_id = c.org_id AND p.id = c.parent_token_id
       UNION ALL
       SELECT p.org_id, p.id, p.parent_token_id, p.revoked_at, a.depth + 1
       FROM ancestors a JOIN api_tokens p ON p.org_id = a.org_id AND p.id = a.parent_token_id WHERE a.depth < 64
     )
     SELECT t.id, t.org_id, t.user_id, ${STALE.replaceAll("last_used_at", "t.last_used_at")} AS stale, m.role
     FROM token t JOIN memberships m ON m.org_id = t.org_id AND m.user_id = t.user_id
     WHERE t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > (now() AT TIME ZONE 'UTC'))
       AND NOT EXISTS (SELECT 1 FROM ancestors WHERE revoked_at IS NOT NULL)`,
    [tokenHash],
  );
  const token = rows[0];
  if (!token) return null;
  if (token.stale) {
    void db().apiToken.update({ where: rowKey(token.org_id, token.id), data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { kind: "user", orgId: token.org_id, userId: token.user_id, role: token.role, via: "token", tokenId: token.id };
}

/** last_used_at is written at most once a minute: true when the stored one is older (or unset). */
const STALE = `(last_used_at IS NULL OR last_used_at < (now() AT TIME ZONE 'UTC') - interval '${LAST_USED_RESOLUTION_MS / 1000} seconds')`;
