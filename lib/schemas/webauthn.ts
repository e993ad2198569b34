import { z } from "zod";
import { contract } from "./registry";

const ZB64u = z.string().min(1).max(100_000).regex(/^[A-Za-z0-9_-]+={0,2}$/, "base64url");

/** A WebAuthn assertion as @simplewebauthn/browser returns it (AuthenticationResponseJSON). */
export const ZAssertion = z.looseObject({
  id: ZB64u,
  rawId: ZB64u,
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: ZB64u,
    authenticatorData: ZB64u,
    signature: ZB64u,
    userHandle: ZB64u.optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().optional(),
}).register(contract, { id: "WebAuthnAssertion" });

/** A WebAuthn attestation as @simplewebauthn/browser returns it (RegistrationResponseJSON). */
export const ZAttestation = z.looseObject({
  id: ZB64u,
  rawId: ZB64u,
  type: z.literal("public-key"),
  response: z.looseObject({
    clientDataJSON: ZB64u,
    attestationObject: ZB64u,
    transports: z.array(z.string().max(50)).max(10).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.string().optional(),
}).register(contract, { id: "WebAuthnAttestation" });

export const ZRegisterPasskey = z.strictObject({
  name: z.string().trim().min(1).max(100),
  response: ZAttestation,
}).register(contract, { id: "RegisterPasskey" });

/**
 * POST /passkeys/options: fresh proof of the account holder before a passkey is added. With
 * passkeys already registered, `assertion` (over a POST /passkeys/reauth challenge); for the first
 * one, `password`. The answer to a missing or wrong proof says which one it needs.
 */
export const ZPasskeyEnrollmentProof = z.strictObject({
  password: z.string().min(1).max(1024).optional().describe("Your password, for your first passkey."),
  assertion: ZAssertion.optional().describe("An assertion by one of your passkeys over a POST /passkeys/reauth challenge."),
}).register(contract, { id: "PasskeyEnrollmentProof" });
export type TPasskeyEnrollmentProof = z.output<typeof ZPasskeyEnrollmentProof>;
