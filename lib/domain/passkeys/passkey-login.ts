import { type AuthenticationResponseJSON, generateAuthenticationOptions, verifyAuthenticationResponse } from "@simplewebauthn/server";
import { webauthnConfig } from "../../auth/webauthn-config";
import { db } from "../../db/client";
import { challengeBytes, consumeChallenge, createChallenge } from "./challenges";
import { challengeOf } from "./client-data";

/** Options for signing in with a discoverable passkey (no email typed). */
export async function beginPasskeyLogin() {
  const challenge = await createChallenge("login", {});
  return generateAuthenticationOptions({ rpID: webauthnConfig().rpID, challenge: challengeBytes(challenge), userVerification: "required" });
}

/** The user a passkey sign-in proves, or null; used by the next-auth "passkey" provider. */
export async function verifyPasskeyLogin(response: AuthenticationResponseJSON): Promise<{ id: string; email: string; name: string | null } | null> {
  try {
    return await db().$transaction(async (tx) => {
      await consumeChallenge(tx, challengeOf(response), { purpose: "login" });
      // Locked before its counter is read, as in step-up: a cloned authenticator racing the
      // original must not have both assertions pass against the same stored counter.
      const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM passkeys WHERE credential_id = ${String(response.id)} FOR UPDATE`;
      const passkey = locked ? await tx.passkey.findUnique({ where: { id: locked.id }, include: { user: true } }) : null;
      if (!passkey) return null;
      const { rpID, origins } = webauthnConfig();
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: () => true,
        expectedOrigin: origins,
        expectedRPID: rpID,
        requireUserVerification: true,
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: Number(passkey.counter), transports: passkey.transports },
      });
      if (!result.verified) return null;
      await tx.passkey.update({ where: { id: passkey.id }, data: { counter: BigInt(result.authenticationInfo.newCounter), lastUsedAt: new Date() } });
      return { id: passkey.user.id, email: passkey.user.email, name: passkey.user.name };
    });
  } catch {
    return null;
  }
}
