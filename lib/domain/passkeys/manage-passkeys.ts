import { generateRegistrationOptions, type RegistrationResponseJSON, verifyRegistrationResponse } from "@simplewebauthn/server";
import { webauthnConfig } from "../../auth/webauthn-config";
import { db } from "../../db/client";
import { AppError, notFound } from "../../errors";
import { newId } from "../../ids";
import type { TPasskeyEnrollmentProof } from "../../schemas/webauthn";
import { iso } from "../../time";
import { appendUserAuditEvents } from "../audit/append-user-audit-events";
import type { UserContext } from "../request-context";
import { challengeBytes, consumeChallenge, createChallenge } from "./challenges";
import { challengeOf } from "./client-data";
import { proveEnrollment, requireSession } from "./prove-enrollment";

// Passkeys are enrolled and removed only from a signed-in browser session, never with an API
// token; enrolling also needs fresh proof (prove-enrollment.ts). A passkey belongs to the person,
// not to one org, so its registration and removal are audited in every org they belong to.

export async function listPasskeys(ctx: UserContext) {
  const rows = await db().passkey.findMany({ where: { userId: ctx.actor.id }, orderBy: { createdAt: "asc" } });
  return {
    items: rows.map((p) => ({
      id: p.id,
      name: p.name,
      transports: p.transports,
      created_at: p.createdAt.toISOString(),
      last_used_at: iso(p.lastUsedAt),
    })),
  };
}

/**
 * POST /passkeys/options: registration options, issued only after `proof` (a passkey assertion, or
 * the password for the first passkey) from `address`. The registration challenge is single-use and
 * lives 5 minutes, so the proof is at most that old when the passkey is stored.
 */
export async function beginRegistration(ctx: UserContext, proof: TPasskeyEnrollmentProof, address: string) {
  requireSession(ctx);
  await proveEnrollment(ctx, proof, address);
  const user = await db().user.findUniqueOrThrow({ where: { id: ctx.actor.id }, include: { passkeys: true } });
  const { rpID, rpName } = webauthnConfig();
  const challenge = await createChallenge("register", { userId: ctx.actor.id });
  return generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.name ?? user.email,
    userID: new TextEncoder().encode(user.id),
    challenge: challengeBytes(challenge),
    attestationType: "none",
    excludeCredentials: user.passkeys.map((p) => ({ id: p.credentialId, transports: p.transports })),
    authenticatorSelection: { residentKey: "preferred", userVerification: "required" },
  });
}

export async function finishRegistration(ctx: UserContext, input: { name: string; response: RegistrationResponseJSON }) {
  requireSession(ctx);
  const { rpID, origins } = webauthnConfig();
  try {
    return await registerVerified(ctx, input, rpID, origins);
  } catch (error) {
    // The same credential presented in two registrations at once: both pass the lookup below, the
    // unique index on credential_id lets one insert through, and the other is the same conflict
    // a later attempt gets (not a 500). Its transaction rolled back, so its challenge is unspent.
    if ((error as { code?: string }).code === "P2002") throw new AppError("conflict", "This passkey is already registered");
    throw error;
  }
}

function registerVerified(ctx: UserContext, input: { name: string; response: RegistrationResponseJSON }, rpID: string, origins: string[]) {
  const userId = ctx.actor.id;
  return ctx.tx(async (tx) => {
    await consumeChallenge(tx, challengeOf(input.response), { purpose: "register", userId });
    const verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: () => true, // matched and consumed above
      expectedOrigin: origins,
      expectedRPID: rpID,
      requireUserVerification: true,
    }).catch((error: Error) => {
      throw new AppError("validation_failed", `Passkey registration failed: ${error.message}`, { issues: [{ path: ["response"], message: error.message }] });
    });
    if (!verification.verified) throw new AppError("validation_failed", "Passkey registration could not be verified", { issues: [{ path: ["response"], message: "not verified" }] });
    const credential = verification.registrationInfo.credential;
    if (await tx.passkey.findUnique({ where: { credentialId: credential.id } })) throw new AppError("conflict", "This passkey is already registered");
    const passkey = await tx.passkey.create({
      data: {
        id: newId("pk"),
        userId,
        name: input.name,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey),
        counter: BigInt(credential.counter),
        transports: credential.transports ?? [],
      },
    });
    await appendUserAuditEvents(tx, userId, {
      actor: ctx.actor,
      type: "passkey.registered",
      subject: { type: "passkey", id: passkey.id },
      data: { name: input.name, credential_id: credential.id },
    });
    return { id: passkey.id, name: passkey.name, transports: passkey.transports, created_at: passkey.createdAt.toISOString(), last_used_at: null };
  });
}

export async function removePasskey(ctx: UserContext, passkeyId: string) {
  requireSession(ctx);
  return ctx.tx(async (tx) => {
    const passkey = await tx.passkey.findFirst({ where: { id: passkeyId, userId: ctx.actor.id } });
    if (!passkey) throw notFound("Passkey");
    await tx.passkey.delete({ where: { id: passkey.id } });
    await appendUserAuditEvents(tx, ctx.actor.id, {
      actor: ctx.actor,
      type: "passkey.removed",
      subject: { type: "passkey", id: passkey.id },
      data: { name: passkey.name },
    });
    return { id: passkey.id, removed: true as const };
  });
}
