import { CompactSign, compactVerify, createLocalJWKSet } from "jose";
import { canonicalJson } from "../canonical-json";
import { SIGNING_ALG, type SigningKey, currentSigningKey, publishedKeys } from "./signing-keys";

/**
 * What a signed statement is, in its protected header's `typ`: a verifier checks it, so a
 * checkpoint can never be passed off as a receipt or the other way round.
 */
export const STATEMENT_TYPES = { receipt: "tollgate-receipt", checkpoint: "tollgate-checkpoint" } as const;
export type StatementKind = keyof typeof STATEMENT_TYPES;

/**
 * A compact JWS (EdDSA) of the canonical JSON of `payload`, by `key` or else the current key.
 * Code inside a transaction passes a key it read before: reading one then would need a second
 * connection while the transaction holds the first (on the embedded database, a wait for itself).
 */
export async function signStatement(kind: StatementKind, payload: Record<string, unknown>, signingKey?: SigningKey): Promise<{ jws: string; kid: string }> {
  const key = signingKey ?? (await currentSigningKey());
  const jws = await new CompactSign(new TextEncoder().encode(canonicalJson(payload)))
    .setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: STATEMENT_TYPES[kind] })
    .sign(key.privateKey);
  return { jws, kid: key.kid };
}

export type OpenStatement = (kind: StatementKind, jws: string) => Promise<{ payload: Record<string, unknown>; kid: string } | null>;

/**
 * Opens statements this instance set signed (with any published key, retired ones too): the
 * payload, or null when the signature, the key, the algorithm or the type is not right. The keys
 * are read once, so one verifier serves a whole chain's checkpoints.
 */
export async function statementOpener(): Promise<OpenStatement> {
  const keys = createLocalJWKSet({ keys: await publishedKeys() });
  return async (kind, jws) => {
    try {
      const { payload, protectedHeader } = await compactVerify(jws, keys, { algorithms: [SIGNING_ALG] });
      if (protectedHeader.typ !== STATEMENT_TYPES[kind] || typeof protectedHeader.kid !== "string") return null;
      const parsed = JSON.parse(new TextDecoder().decode(payload)) as unknown;
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
      return { payload: parsed as Record<string, unknown>, kid: protectedHeader.kid };
    } catch {
      return null;
    }
  };
}
