import { db } from "../db/client";
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

async function authenticateAgent(keyHash: string): Promise<Principal | null> {
  const agent = await db().agent.findUnique({ where: { keyHash } });
  if (!agent || agent.deletedAt) return null;
  if (isStale(agent.lastUsedAt)) {
    void db().agent.update({ where: { id: agent.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { kind: "agent", orgId: agent.orgId, agentId: agent.id, agentName: agent.name };
}

async function authenticateUser(tokenHash: string): Promise<Principal | null> {
  const token = await db().apiToken.findUnique({ where: { tokenHash } });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= new Date())) return null;
  // The role is read live, so a demotion or removal takes effect on the next request.
  const membership = await db().membership.findUnique({
    where: { orgId_userId: { orgId: token.orgId, userId: token.userId } },
  });
  if (!membership) return null;
  if (isStale(token.lastUsedAt)) {
    void db().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { kind: "user", orgId: token.orgId, userId: token.userId, role: membership.role, via: "token", tokenId: token.id };
}

const isStale = (lastUsedAt: Date | null) => !lastUsedAt || Date.now() - lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS;
