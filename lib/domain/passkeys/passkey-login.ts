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
      const passkey = await tx.passkey.findUnique({ where: { credentialId: String(response.id) }, include: { user: true } });
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
