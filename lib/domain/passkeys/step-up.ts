import { type AuthenticationResponseJSON, generateAuthenticationOptions } from "@simplewebauthn/server";
import { webauthnConfig } from "../../auth/webauthn-config";
import { db } from "../../db/client";
import type { OrgTx } from "../../db/scoped";
import { AppError, notFound } from "../../errors";
import { roleAtLeast } from "../../roles";
import { transitionOf } from "../intents/lifecycle";
import type { UserContext } from "../request-context";
import { challengeBytes, consumeChallenge, createChallenge, stepUpFailed } from "./challenges";
import { challengeOf } from "./client-data";
import { verifyOwnAssertion } from "./verify-own-assertion";

/**
 * Step 1 of a step-up approval: a challenge bound to this user, this intent and its payload hash,
 * valid 5 minutes, for the user's own passkeys with user verification required.
 */
export async function beginStepUp(ctx: UserContext, intentId: string) {
  const { principal: auth } = ctx;
  if (auth.via !== "session") throw stepUpFailed("session_required", "Step-up happens in the dashboard; an API token alone can never resolve this item");
  const intent = await ctx.db.intent.findFirst({ where: { id: intentId } });
  if (!intent) throw notFound("Intent");
  transitionOf(intent.status, "approved");
  if (!intent.stepUpRequired) throw new AppError("conflict", "This item does not need a passkey confirmation");
  if (!roleAtLeast(auth.role, intent.approverRole)) throw new AppError("forbidden", `Resolving this item requires the ${intent.approverRole} role or higher`);
  const passkeys = await db().passkey.findMany({ where: { userId: auth.userId } });
  if (passkeys.length === 0) throw stepUpFailed("no_passkey", "Register a passkey in Settings → Passkeys before approving publish-stage items");
  const challenge = await createChallenge("step_up", { userId: auth.userId, intentId, payloadHash: intent.payloadHash });
  return generateAuthenticationOptions({
    rpID: webauthnConfig().rpID,
    challenge: challengeBytes(challenge),
    userVerification: "required",
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports })),
  });
}

/**
 * Step 2, inside the approval's transaction: consume the challenge (bound to this intent and
 * payload), verify the assertion against the user's own credential with user verification, and
 * move its counter forward. Returns the credential id the approval records.
 */
export async function verifyStepUp(
  ctx: UserContext,
  tx: OrgTx,
  intent: { id: string; payloadHash: string },
  response: AuthenticationResponseJSON,
): Promise<string> {
  const { via, userId } = ctx.principal;
  if (via !== "session") throw stepUpFailed("session_required", "Step-up happens in the dashboard; an API token alone can never resolve this item");
  await consumeChallenge(tx, challengeOf(response), { purpose: "step_up", userId, intentId: intent.id, payloadHash: intent.payloadHash });
  return verifyOwnAssertion(tx, userId, response, stepUpFailed);
}
