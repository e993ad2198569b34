import { registerCredential } from "../../auth/credential-hashes";
import { mintToken } from "../../auth/secret-token";
import type { OrgTx } from "../../db/scoped";
import { newId } from "../../ids";

export const USER_TOKEN_TTL_DAYS = 30;

/**
 * A personal access token for a member; only its hash is stored. Expires in 30 days unless told
 * otherwise. `parentTokenId`: the token it was minted with, whose revocation revokes it too.
 */
export async function issueUserToken(
  tx: OrgTx,
  orgId: string,
  userId: string,
  name: string,
  expiresAt = new Date(Date.now() + USER_TOKEN_TTL_DAYS * 86_400_000),
  parentTokenId: string | null = null,
) {
  const minted = mintToken("user");
  const row = await tx.apiToken.create({
    data: { id: newId("pat"), orgId, userId, name, tokenHash: minted.hash, suffix: minted.suffix, expiresAt, parentTokenId },
  });
  await registerCredential(tx, orgId, "user_token", minted.hash);
  return { token: minted.token, id: row.id, expiresAt, row };
}
