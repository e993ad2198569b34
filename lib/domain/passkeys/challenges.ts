import { randomBytes } from "node:crypto";
import { CHALLENGE_TTL_MS } from "../../auth/webauthn-config";
import { db } from "../../db/client";
import type { OrgTx } from "../../db/scoped";
import { AppError } from "../../errors";
import { newId } from "../../ids";

/**
 * What a challenge is for: `register` (a new passkey, issued only after `reauth` or a password),
 * `reauth` (an existing passkey confirming that its holder is adding another), `step_up`, `login`.
 */
export type ChallengePurpose = "register" | "reauth" | "step_up" | "login";

/** A fresh single-use challenge, stored with what it is for (and, for step-up, which intent and payload). */
export async function createChallenge(purpose: ChallengePurpose, bind: { userId?: string; intentId?: string; payloadHash?: string }) {
  const challenge = randomBytes(32).toString("base64url");
  await db().webauthnChallenge.create({
    data: {
      id: newId("chl"),
      purpose,
      challenge,
      userId: bind.userId ?? null,
      intentId: bind.intentId ?? null,
      payloadHash: bind.payloadHash ?? null,
      expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS),
    },
  });
  return challenge;
}

/**
 * The challenge as the bytes to hand @simplewebauthn: a string would be UTF-8 encoded first, and
 * the browser would then sign something other than the stored value.
 */
export const challengeBytes = (challenge: string) => new Uint8Array(Buffer.from(challenge, "base64url"));

type Client = Pick<OrgTx, "$queryRaw">;

/**
 * Takes a challenge out of circulation (DELETE … RETURNING, so two uses cannot both see it) and
 * checks it is the one expected. Inside the caller's transaction: if what follows fails, the
 * deletion rolls back with it, and the challenge is still good for nothing without a valid assertion.
 */
export async function consumeChallenge(
  client: Client,
  challenge: string,
  expected: { purpose: ChallengePurpose; userId?: string; intentId?: string; payloadHash?: string },
) {
  const rows = await client.$queryRaw<{ purpose: string; user_id: string | null; intent_id: string | null; payload_hash: string | null; expires_at: Date }[]>`
    DELETE FROM webauthn_challenges WHERE challenge = ${challenge}
    RETURNING purpose, user_id, intent_id, payload_hash, expires_at`;
  const row = rows[0];
  // Step-up failures are the contract's 403 step_up_required, a failed confirmation before adding
  // a passkey is 403 reauth_required; a failed registration is bad input.
  const fail = expected.purpose === "step_up" ? stepUpFailed : expected.purpose === "reauth" ? reauthFailed : challengeRejected;
  if (!row) throw fail("replayed_or_unknown", "This passkey confirmation was already used or was never issued; confirm again");
  if (row.purpose !== expected.purpose || (expected.userId && row.user_id !== expected.userId)) {
    throw fail("wrong_challenge", "This passkey confirmation was issued for something else");
  }
  if (expected.intentId !== undefined && (row.intent_id !== expected.intentId || row.payload_hash !== expected.payloadHash)) {
    throw fail("wrong_intent", "This passkey confirmation was made for another approval");
  }
  if (row.expires_at <= new Date()) throw fail("expired", "The passkey confirmation expired (5 minutes); confirm again");
  return row;
}

function challengeRejected(reason: string, message: string): AppError {
  return new AppError("validation_failed", message, { reason, issues: [{ path: ["response"], message }] });
}

export function stepUpFailed(reason: string, message: string): AppError {
  return new AppError("step_up_required", message, { reason });
}

/** Adding a passkey needs fresh proof (a password or an existing passkey); `reason` says what was missing or wrong. */
export function reauthFailed(reason: string, message: string): AppError {
  return new AppError("reauth_required", message, { reason });
}
