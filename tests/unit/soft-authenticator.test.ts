import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type VerifiedRegistrationResponse,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { decodeCredentialPublicKey } from "@simplewebauthn/server/helpers";
import { describe, expect, it } from "vitest";
import { type Forgery, SoftAuthenticator, cbor } from "../helpers/soft-authenticator";

// The test authenticator the passkey integration suites rely on, checked against
// @simplewebauthn/server directly: what it makes verifies, and each forgery it offers is refused.

const ORIGIN = "http://localhost:3000";
const RP_ID = "localhost";

async function registered(authenticator = new SoftAuthenticator()) {
  const options = await generateRegistrationOptions({
    rpName: "Tollgate",
    rpID: RP_ID,
    userName: "pub@example.test",
    userID: new TextEncoder().encode("usr_1"),
    attestationType: "none",
    authenticatorSelection: { userVerification: "required" },
  });
  const { credential, response } = authenticator.register(options);
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    requireUserVerification: true,
  });
  return { authenticator, credential, verification, options };
}

function verifyAssertion(
  stored: NonNullable<VerifiedRegistrationResponse["registrationInfo"]>["credential"],
  response: Parameters<typeof verifyAuthenticationResponse>[0]["response"],
  challenge: string,
) {
  return verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    requireUserVerification: true,
    credential: stored,
  });
}

describe("cbor", () => {
  it("encodes integers, strings, byte strings and maps in the shortest form (RFC 8949 appendix A)", () => {
    const hex = (v: unknown) => cbor(v).toString("hex");
    expect(hex(0)).toBe("00");
    expect(hex(23)).toBe("17");
    expect(hex(24)).toBe("1818");
    expect(hex(1000)).toBe("1903e8");
    expect(hex(1000000)).toBe("1a000f4240");
    expect(hex(-1)).toBe("20");
    expect(hex(-7)).toBe("26");
    expect(hex(-1000)).toBe("3903e7");
    expect(hex("IETF")).toBe("6449455446");
    expect(hex(new Uint8Array([1, 2, 3, 4]))).toBe("4401020304");
    expect(hex(new Map<unknown, unknown>([[1, 2], [3, 4]]))).toBe("a201020304");
    expect(hex(new Map())).toBe("a0");
  });
});

describe("SoftAuthenticator", () => {
  it("makes a none-attestation registration that @simplewebauthn/server verifies, with its ES256 key", async () => {
    const { credential, verification } = await registered();
    expect(verification.verified).toBe(true);
    const info = verification.registrationInfo!;
    expect(info.fmt).toBe("none");
    expect(info.credential.id).toBe(credential.id);
    expect(info.credential.counter).toBe(0);
    expect(info.credential.transports).toEqual(["internal", "hybrid"]);
    expect(info.userVerified).toBe(true);
    expect(info.aaguid).toBe("00000000-0000-0000-0000-000000000000");
    expect(Buffer.from(info.credential.publicKey)).toEqual(Buffer.from(credential.cosePublicKey));
    const cose = decodeCredentialPublicKey(info.credential.publicKey);
    expect(cose.get(3)).toBe(-7); // alg ES256
  });

  it("makes assertions that verify, with the counter moving forward each time", async () => {
    const { authenticator, credential, verification } = await registered();
    const stored = { ...verification.registrationInfo!.credential };
    for (const expected of [1, 2]) {
      const options = await generateAuthenticationOptions({ rpID: RP_ID, userVerification: "required", allowCredentials: [{ id: credential.id }] });
      const response = authenticator.assert(credential, options);
      const result = await verifyAssertion(stored, response, options.challenge);
      expect(result.verified).toBe(true);
      expect(result.authenticationInfo.newCounter).toBe(expected);
      expect(result.authenticationInfo.userVerified).toBe(true);
      stored.counter = result.authenticationInfo.newCounter;
    }
    expect(credential.counter).toBe(2);
  });

  it.each<[string, Forgery, RegExp]>([
    ["another origin", { origin: "https://evil.example" }, /origin/i],
    ["another RP ID", { rpId: "evil.example" }, /RP ID/i],
    ["no user verification", { userVerified: false }, /user could not be verified/i],
    ["no user presence", { userPresent: false }, /user not present/i],
    ["the registration type", { type: "webauthn.create" }, /type/i],
    ["another challenge", { challenge: "c29tZXRoaW5nIGVsc2U" }, /challenge/i],
  ])("offers a forged assertion with %s, which the verifier refuses", async (_what, forge, message) => {
    const { authenticator, credential, verification } = await registered();
    const options = await generateAuthenticationOptions({ rpID: RP_ID, userVerification: "required" });
    const response = authenticator.assert(credential, options, forge);
    await expect(verifyAssertion(verification.registrationInfo!.credential, response, options.challenge)).rejects.toThrow(message);
  });

  it("offers a counter that goes backwards, which the verifier refuses", async () => {
    const { authenticator, credential, verification } = await registered();
    const stored = { ...verification.registrationInfo!.credential };
    const first = await generateAuthenticationOptions({ rpID: RP_ID });
    stored.counter = (await verifyAssertion(stored, authenticator.assert(credential, first), first.challenge)).authenticationInfo.newCounter;
    expect(stored.counter).toBe(1);
    const second = await generateAuthenticationOptions({ rpID: RP_ID });
    const replayedCounter = authenticator.assert(credential, second, { counter: 1 });
    await expect(verifyAssertion(stored, replayedCounter, second.challenge)).rejects.toThrow(/counter/i);
    expect(credential.counter, "a forged counter leaves the credential's own alone").toBe(1);
  });

  it("is refused by another key: a credential's assertion does not verify against another public key", async () => {
    const { authenticator, credential } = await registered();
    const other = await registered();
    const options = await generateAuthenticationOptions({ rpID: RP_ID });
    const response = authenticator.assert(credential, options);
    const result = await verifyAssertion({ ...other.verification.registrationInfo!.credential, id: credential.id }, response, options.challenge);
    expect(result.verified).toBe(false);
  });

  it("makes registrations that fail for a forged origin or RP ID or without user verification", async () => {
    for (const [forge, message] of [
      [{ origin: "https://evil.example" }, /origin/i],
      [{ rpId: "evil.example" }, /RP ID/i],
      [{ userVerified: false }, /user could not be verified/i],
    ] as const) {
      const options = await generateRegistrationOptions({ rpName: "T", rpID: RP_ID, userName: "u", attestationType: "none" });
      const { response } = new SoftAuthenticator().register(options, forge);
      await expect(
        verifyRegistrationResponse({ response, expectedChallenge: options.challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, requireUserVerification: true }),
      ).rejects.toThrow(message);
    }
  });
});
