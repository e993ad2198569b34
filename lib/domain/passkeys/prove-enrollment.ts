import { type AuthenticationResponseJSON, generateAuthenticationOptions } from "@simplewebauthn/server";
import { webauthnConfig } from "../../auth/webauthn-config";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import type { TPasskeyEnrollmentProof } from "../../schemas/webauthn";
import { verifyLogin } from "../auth/verify-login";
import type { UserContext } from "../request-context";
import { challengeBytes, consumeChallenge, createChallenge, reauthFailed } from "./challenges";
import { challengeOf } from "./client-data";
import { verifyOwnAssertion } from "./verify-own-assertion";

/**
 * What adding a passkey asks of this user, besides the session: `passkey` (a fresh assertion by
 * one they already have), `password` (their first passkey: the password, typed again), or
 * `unavailable` (no passkey and no password: an OAuth-only account, which must first get a
 * password through the password reset; a session cookie alone never enrolls an authenticator).
 */
export type EnrollmentRequirement = "passkey" | "password" | "unavailable";

export async function enrollmentRequirement(ctx: UserContext): Promise<EnrollmentRequirement> {
  const user = await db().user.findUniqueOrThrow({ where: { id: ctx.actor.id }, select: { passwordHash: true, _count: { select: { passkeys: true } } } });
  if (user._count.passkeys > 0) return "passkey";
  return user.passwordHash ? "password" : "unavailable";
}

export function requireSession(ctx: UserContext) {
  if (ctx.principal.via !== "session") throw new AppError("forbidden", "Passkeys are managed from the dashboard, not with API tokens");
}

/**
 * POST /passkeys/reauth: options for confirming with one of the user's own passkeys before adding
 * another. The challenge (purpose `reauth`, bound to the user) is single-use and valid 5 minutes.
 */
export async function beginPasskeyReauth(ctx: UserContext) {
  requireSession(ctx);
  const passkeys = await db().passkey.findMany({ where: { userId: ctx.actor.id } });
  if (passkeys.length === 0) throw new AppError("conflict", "You have no passkey yet; confirm your first one with your password instead");
  const challenge = await createChallenge("reauth", { userId: ctx.actor.id });
  return generateAuthenticationOptions({
    rpID: webauthnConfig().rpID,
    challenge: challengeBytes(challenge),
    userVerification: "required",
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports })),
  });
}

/**
 * The proof POST /passkeys/options needs before it issues a registration challenge, so that a
 * stolen session cookie cannot enroll the thief's authenticator: with passkeys already
 * registered, a fresh assertion by one of them over a `reauth` challenge; for the first one, the
 * password, checked by the login verifier with its brute-force brake (from `address`). Throws
 * 403 reauth_required (details.reason says what was missing or wrong), or 429 while the brake holds.
 */
export async function proveEnrollment(ctx: UserContext, proof: TPasskeyEnrollmentProof, address: string): Promise<"passkey" | "password"> {
  const requirement = await enrollmentRequirement(ctx);
  if (requirement === "passkey") {
    if (!proof.assertion) throw reauthFailed("passkey_required", "Confirm with one of your passkeys before adding another");
    await verifyReauthAssertion(ctx.actor.id, proof.assertion as AuthenticationResponseJSON);
    return "passkey";
  }
  if (requirement === "unavailable") {
    throw reauthFailed("no_password", "Your account has no password to confirm with: set one with the password reset, then add your first passkey");
  }
  if (!proof.password) throw reauthFailed("password_required", "Enter your password to add your first passkey");
  const user = await db().user.findUniqueOrThrow({ where: { id: ctx.actor.id }, select: { email: true } });
  const verified = await verifyLogin(user.email, proof.password, address);
  if (verified?.id !== ctx.actor.id) throw reauthFailed("wrong_password", "That password is not correct");
  return "password";
}

/** Consumes the reauth challenge, then verifies the assertion against the user's own credential (user verification required) and moves its counter. */
async function verifyReauthAssertion(userId: string, response: AuthenticationResponseJSON): Promise<void> {
  await db().$transaction(async (tx) => {
    await consumeChallenge(tx, challengeOf(response), { purpose: "reauth", userId });
    await verifyOwnAssertion(tx, userId, response, reauthFailed);
  });
}
