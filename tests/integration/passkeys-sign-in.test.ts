import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyPasskeyLogin } from "../../lib/domain/passkeys/passkey-login";
import { sweepChallenges } from "../../lib/domain/passkeys/sweep-challenges";
import { type TestOrg, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { passkeyRow, registerPasskey, registrationOptions, signIn } from "../helpers/passkeys";
import { SoftAuthenticator } from "../helpers/soft-authenticator";
import { sqlExec, sqlRows } from "../helpers/sql";

// Issue 5: signing in with a passkey. The options come without any authentication; the assertion
// is checked by verifyPasskeyLogin (behind next-auth's "passkey" provider): single use, user
// verification required, the counter moves forward and a cloned authenticator cannot race it.

process.env.NEXTAUTH_URL = "http://localhost:3000";
delete process.env.WEBAUTHN_ORIGIN;
delete process.env.WEBAUTHN_RP_ID;

let org: TestOrg;
beforeAll(async () => {
  org = await createTestOrg();
});

async function member(role: "viewer" | "publisher") {
  const user = await org.user(role);
  return { user, session: await signIn(user, org.orgId) };
}

describe("signing in with a passkey", () => {
  async function loginOptions() {
    const res = await call("POST", "/api/v1/auth/passkey", { body: {} });
    expect(res.status).toBe(200);
    return res.body as { challenge: string; rpId: string; userVerification: string };
  }

  it("gives sign-in options without any authentication", async () => {
    const options = await loginOptions();
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "required" });
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const noBody = await call("POST", "/api/v1/auth/passkey");
    expect(noBody.status).toBe(200);
    expect(noBody.body.challenge).not.toBe(options.challenge);
  });

  it("verifyPasskeyLogin returns the user for a good assertion, null for its replay, and moves the counter", async () => {
    const { user, session } = await member("viewer");
    const authenticator = new SoftAuthenticator();
    const { credential } = await registerPasskey(session, authenticator);
    const response = authenticator.assert(credential, await loginOptions()) as AuthenticationResponseJSON;
    expect(await verifyPasskeyLogin(response)).toEqual({ id: user.userId, email: user.email, name: null });
    const row = await passkeyRow(credential.id);
    expect(row).toMatchObject({ counter: 1n, last_used_at: expect.any(Date) });
    expect(await verifyPasskeyLogin(response)).toBeNull();
    expect((await passkeyRow(credential.id))!.counter).toBe(1n);
  });

  it("verifyPasskeyLogin signs in only one of two concurrent assertions with the same counter (a cloned authenticator)", async () => {
    const { user, session } = await member("viewer");
    const authenticator = new SoftAuthenticator();
    const { credential } = await registerPasskey(session, authenticator);
    for (let round = 0; round < 3; round++) {
      const counter = credential.counter + 1;
      const [one, two] = [await loginOptions(), await loginOptions()];
      const results = await Promise.all([
        verifyPasskeyLogin(authenticator.assert(credential, one, { counter })),
        verifyPasskeyLogin(authenticator.assert(credential, two, { counter })),
      ]);
      expect(results.filter((r) => r?.id === user.userId)).toHaveLength(1);
      expect(results.filter((r) => r === null)).toHaveLength(1);
      credential.counter = counter;
    }
  });

  it("verifyPasskeyLogin returns null for an unknown credential, a forged origin, no user verification or a registration challenge", async () => {
    const { session } = await member("viewer");
    const authenticator = new SoftAuthenticator();
    const { credential } = await registerPasskey(session, authenticator);
    const stranger = new SoftAuthenticator().register({ challenge: "x" }).credential;
    expect(await verifyPasskeyLogin(authenticator.assert(stranger, await loginOptions()))).toBeNull();
    expect(await verifyPasskeyLogin(authenticator.assert(credential, await loginOptions(), { origin: "https://evil.example" }))).toBeNull();
    expect(await verifyPasskeyLogin(authenticator.assert(credential, await loginOptions(), { userVerified: false }))).toBeNull();
    // A registration challenge is not a sign-in challenge.
    // (Issued to a member without a passkey, who confirms with the password: confirming with this
    // credential would use it, and its last use is checked below.)
    const registration = await registrationOptions((await member("viewer")).session);
    expect(await verifyPasskeyLogin(authenticator.assert(credential, { challenge: registration.body.challenge }))).toBeNull();
    expect((await passkeyRow(credential.id))!.last_used_at).toBeNull();
  });
});

// Issue 14, 11a: the public options endpoint stored a challenge per call that nothing ever deleted.
describe("sweeping challenges", () => {
  it("deletes challenges a minute past their expiry and keeps the others", async () => {
    const [stale, recent, live] = [await call("POST", "/api/v1/auth/passkey", { body: {} }), await call("POST", "/api/v1/auth/passkey", { body: {} }), await call("POST", "/api/v1/auth/passkey", { body: {} })];
    await sqlExec("UPDATE webauthn_challenges SET expires_at = expires_at - interval '7 minutes' WHERE challenge = $1", stale.body.challenge);
    // Expired only just: kept a little longer, so a late answer is told "expired", not "unknown".
    await sqlExec("UPDATE webauthn_challenges SET expires_at = expires_at - interval '5 minutes 10 seconds' WHERE challenge = $1", recent.body.challenge);
    expect(await sweepChallenges()).toBeGreaterThanOrEqual(1);
    const left = await sqlRows<{ challenge: string }>("SELECT challenge FROM webauthn_challenges WHERE challenge = ANY($1)", [stale.body.challenge, recent.body.challenge, live.body.challenge]);
    expect(left.map((r) => r.challenge).sort()).toEqual([recent.body.challenge, live.body.challenge].sort());
  });
});
