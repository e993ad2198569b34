import { type AuthenticationResponseJSON, type AuthenticatorTransport, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { webauthnConfig } from "../../auth/webauthn-config";
import type { AppError } from "../../errors";

/**
 * What this needs of a transaction: raw queries and the passkeys table. Written out because the
 * org-scoped transaction (step-up) and the plain client's (re-authentication) have different types.
 */
type Tx = {
  $queryRaw: <T>(query: TemplateStringsArray, ...values: unknown[]) => Promise<T>;
  passkey: {
    findUnique: (args: { where: { id: string } }) => Promise<{ id: string; credentialId: string; publicKey: Uint8Array; counter: bigint; transports: string[] } | null>;
    update: (args: { where: { id: string }; data: { counter: bigint; lastUsedAt: Date } }) => Promise<unknown>;
  };
};

/**
 * Verifies an assertion whose challenge the caller has already matched and consumed, against one of
 * `userId`'s own passkeys, with user verification, and moves its counter forward. The passkey row is
 * locked before its counter is read: two assertions verified at once (a cloned authenticator racing
 * the original) would otherwise both pass against the same stored counter. `fail(reason, message)`
 * builds the refusal (step-up and re-authentication answer with different codes). Returns the credential id.
 */
export async function verifyOwnAssertion(
  tx: Tx,
  userId: string,
  response: AuthenticationResponseJSON,
  fail: (reason: string, message: string) => AppError,
): Promise<string> {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM passkeys WHERE credential_id = ${String(response.id)} AND user_id = ${userId} FOR UPDATE`;
  const passkey = locked ? await tx.passkey.findUnique({ where: { id: locked.id } }) : null;
  if (!passkey) throw fail("unknown_credential", "That passkey is not registered to you");
  const { rpID, origins } = webauthnConfig();
  const result = await verifyAuthenticationResponse({
    response,
    expectedChallenge: () => true, // matched, bound and consumed by the caller
    expectedOrigin: origins,
    expectedRPID: rpID,
    requireUserVerification: true,
    credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: Number(passkey.counter), transports: passkey.transports as AuthenticatorTransport[] },
  }).catch((error: Error) => {
    throw fail("verification_failed", `The passkey confirmation did not verify: ${error.message}`);
  });
  if (!result.verified) throw fail("verification_failed", "The passkey confirmation did not verify");
  await tx.passkey.update({ where: { id: passkey.id }, data: { counter: BigInt(result.authenticationInfo.newCounter), lastUsedAt: new Date() } });
  return passkey.credentialId;
}
