import type { ApiToken } from "../../generated/prisma/client";
import { iso } from "../../time";

export type PersonalTokenStatus = "active" | "expired" | "revoked";

export function tokenStatus(token: Pick<ApiToken, "revokedAt" | "expiresAt">, now = new Date()): PersonalTokenStatus {
  if (token.revokedAt) return "revoked";
  return token.expiresAt && token.expiresAt <= now ? "expired" : "active";
}

/** A personal access token as the API shows it: never the secret, only its last four characters. */
export function serializePersonalToken(token: ApiToken, currentTokenId?: string) {
  return {
    id: token.id,
    name: token.name,
    suffix: token.suffix,
    status: tokenStatus(token),
    current: token.id === currentTokenId,
    created_at: token.createdAt.toISOString(),
    expires_at: iso(token.expiresAt),
    last_used_at: iso(token.lastUsedAt),
    revoked_at: iso(token.revokedAt),
  };
}
