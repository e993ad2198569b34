import { beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, type TestOrg, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { forgetPasskey, passkeyRow, reauthAssertion, registerPasskey, registrationOptions, signIn } from "../helpers/passkeys";
import { SoftAuthenticator } from "../helpers/soft-authenticator";
import { auditTypesFor, sqlExec, sqlRows } from "../helpers/sql";

// Issue 5: passkeys are enrolled, listed and removed from a dashboard session only, several per
// user, each stored with its public key, counter and transports. Issue 14: a session alone does
// not enroll one (the first needs the password again, later ones an existing passkey; see
// "proof before enrolling"), and every enrollment and removal is audited in each of the user's orgs.

process.env.NEXTAUTH_URL = "http://localhost:3000";
delete process.env.WEBAUTHN_ORIGIN;
delete process.env.WEBAUTHN_RP_ID;

let org: TestOrg;
beforeAll(async () => {
  org = await createTestOrg();
});

async function member(role: "viewer" | "approver" | "publisher") {
  const user = await org.user(role);
  return { user, session: await signIn(user, org.orgId) };
}

const passkeyCount = async (userId: string) =>
  (await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM passkeys WHERE user_id = $1", userId))[0].n;

describe("registering passkeys", () => {
  it("gives options bound to this site and user, excluding passkeys already registered", async () => {
    const { user, session } = await member("publisher");
    const first = await registrationOptions(session);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      rp: { id: "localhost", name: "Tollgate" },
      user: { name: user.email },
      authenticatorSelection: { userVerification: "required" },
      attestation: "none",
      excludeCredentials: [],
    });
    expect(first.body.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { credential } = await registerPasskey(session, new SoftAuthenticator());
    const second = await registrationOptions(session);
    expect(second.body.challenge).not.toBe(first.body.challenge);
    expect(second.body.excludeCredentials).toEqual([expect.objectContaining({ id: credential.id })]);
  });

  it("keeps several named passkeys per user, listed with last use null until used, stored with key, counter and transports", async () => {
    // (The second is confirmed with the first, which counts as a use of the first.)
    const { user, session } = await member("publisher");
    const laptop = new SoftAuthenticator({ transports: ["internal"] });
    const phone = new SoftAuthenticator({ transports: ["hybrid", "usb"] });
    const a = await registerPasskey(session, laptop, "Work laptop");
    const b = await registerPasskey(session, phone, "Phone");
    expect(a.passkey).toMatchObject({ name: "Work laptop", last_used_at: null, transports: ["internal"] });

    const list = await session.call("GET", "/api/v1/passkeys");
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      { id: a.passkey.id, name: "Work laptop", transports: ["internal"], created_at: expect.any(String), last_used_at: expect.any(String) },
      { id: b.passkey.id, name: "Phone", transports: ["hybrid", "usb"], created_at: expect.any(String), last_used_at: null },
    ]);

    const row = await passkeyRow(a.credential.id);
    expect(row).toMatchObject({ id: a.passkey.id, user_id: user.userId, name: "Work laptop", counter: 1n, transports: ["internal"] });
    expect(Buffer.from(row!.public_key)).toEqual(Buffer.from(a.credential.cosePublicKey));
    expect((await passkeyRow(b.credential.id))!.transports).toEqual(["hybrid", "usb"]);
    expect(await auditTypesFor(org.orgId, a.passkey.id)).toEqual(["passkey.registered"]);

    // The list is the caller's own: a personal token of the same user reads it too; nobody else sees it.
    expect((await call("GET", "/api/v1/passkeys", { token: user.token })).body.items).toHaveLength(2);
    expect((await call("GET", "/api/v1/passkeys", { token: org.admin.token })).body.items).toEqual([]);
  });

  it("lets a viewer register their own passkey", async () => {
    const { user, session } = await member("viewer");
    const { passkey } = await registerPasskey(session, new SoftAuthenticator(), "Viewer key");
    expect(passkey.name).toBe("Viewer key");
    expect(await passkeyCount(user.userId)).toBe(1);
  });

  it("refuses registration with an API token (not a session): 403 forbidden, nothing stored", async () => {
    const { user, session } = await member("publisher");
    const byToken = await call("POST", "/api/v1/passkeys/options", { token: user.token, body: { password: TEST_PASSWORD } });
    expect(byToken.status).toBe(403);
    expect(byToken.body.error.code).toBe("forbidden");

    // Even with a challenge the session obtained, the token cannot finish the registration.
    const options = await registrationOptions(session);
    const { response } = new SoftAuthenticator().register(options.body);
    const finish = await call("POST", "/api/v1/passkeys", { token: user.token, body: { name: "Sneaky", response } });
    expect(finish.status).toBe(403);
    expect(finish.body.error.code).toBe("forbidden");
    expect(await passkeyCount(user.userId)).toBe(0);
  });

  it("refuses a session write without a same-site Origin (CSRF): 403 forbidden", async () => {
    const { user, session } = await member("publisher");
    for (const origin of [undefined, "https://evil.example"]) {
      const headers = { cookie: session.headers.cookie, ...(origin ? { origin } : {}) };
      const res = await call("POST", "/api/v1/passkeys/options", { headers, body: { password: TEST_PASSWORD } });
      expect(res.status, String(origin)).toBe(403);
      expect(res.body.error.code).toBe("forbidden");
    }
    expect(await sqlRows("SELECT 1 FROM webauthn_challenges WHERE user_id = $1", user.userId)).toEqual([]);
  });

  it("refuses a replayed registration, and one made for another origin or RP ID or without user verification", async () => {
    const { user, session } = await member("publisher");
    const authenticator = new SoftAuthenticator();
    const first = await registerPasskey(session, authenticator, "First");
    // The same attestation again, and a new credential on the same challenge: it was used up.
    for (const response of [first.response, authenticator.register(first.options).response]) {
      const replayed = await session.call("POST", "/api/v1/passkeys", { name: "Again", response });
      expect(replayed.status).toBe(422);
      expect(replayed.body.error.code).toBe("validation_failed");
      expect(replayed.body.error.details).toMatchObject({ reason: "replayed_or_unknown" });
    }

    for (const forge of [{ origin: "https://evil.example" }, { rpId: "evil.example" }, { userVerified: false }]) {
      const fresh = await registrationOptions(session);
      const { response } = authenticator.register(fresh.body, forge);
      const res = await session.call("POST", "/api/v1/passkeys", { name: "Forged", response });
      expect(res.status, JSON.stringify(forge)).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
    }
    expect(await passkeyCount(user.userId)).toBe(1);
  });

  it("refuses a credential that is already registered, to anyone: 409 conflict", async () => {
    const alice = await member("publisher");
    const bob = await member("publisher");
    const authenticator = new SoftAuthenticator();
    const { credential } = await registerPasskey(alice.session, authenticator, "Shared key");
    for (const { session } of [alice, bob]) {
      const options = await registrationOptions(session);
      const { response } = authenticator.register(options.body, {}, credential);
      const res = await session.call("POST", "/api/v1/passkeys", { name: "Again", response });
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.error.code).toBe("conflict");
    }
    expect(await passkeyCount(bob.user.userId)).toBe(0);
    expect((await passkeyRow(credential.id))!.user_id).toBe(alice.user.userId);
  });

  it("registers a credential presented twice at once exactly once: one 201, one 409 conflict, never a 500", async () => {
    const authenticator = new SoftAuthenticator();
    const credential = authenticator.register({ challenge: "unused" }).credential;
    for (let round = 0; round < 3; round++) {
      const alice = await member("publisher");
      const bob = await member("publisher");
      const fresh = { ...credential, id: Buffer.from(`${credential.id}-${round}`).toString("base64url") };
      const attempts = await Promise.all(
        [alice, bob].map(async ({ session }) => {
          const options = await registrationOptions(session);
          return { session, response: authenticator.register(options.body, {}, fresh).response };
        }),
      );
      const results = await Promise.all(attempts.map(({ session, response }) => session.call("POST", "/api/v1/passkeys", { name: "Race", response })));
      expect(results.map((r) => r.status).sort(), JSON.stringify(results.map((r) => r.body))).toEqual([201, 409]);
      expect(await sqlRows("SELECT 1 FROM passkeys WHERE credential_id = $1", fresh.id)).toHaveLength(1);
    }
  });

  it("refuses a challenge issued to another user", async () => {
    const alice = await member("publisher");
    const bob = await member("publisher");
    const options = await registrationOptions(alice.session);
    const { response } = new SoftAuthenticator().register(options.body);
    const res = await bob.session.call("POST", "/api/v1/passkeys", { name: "Stolen", response });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.details).toMatchObject({ reason: "wrong_challenge" });
    expect(await passkeyCount(bob.user.userId)).toBe(0);
  });
});

describe("removing passkeys", () => {
  it("removes one of your own passkeys and keeps the others", async () => {
    const { user, session } = await member("publisher");
    const a = await registerPasskey(session, new SoftAuthenticator(), "Old laptop");
    const b = await registerPasskey(session, new SoftAuthenticator(), "New laptop");
    const removed = await session.call("DELETE", `/api/v1/passkeys/${a.passkey.id}`);
    expect(removed.status).toBe(200);
    forgetPasskey(user.userId, a.credential.id);
    expect(removed.body).toEqual({ id: a.passkey.id, removed: true });
    expect((await session.call("GET", "/api/v1/passkeys")).body.items.map((p: { id: string }) => p.id)).toEqual([b.passkey.id]);
    expect(await passkeyRow(a.credential.id)).toBeUndefined();
    expect(await auditTypesFor(org.orgId, a.passkey.id)).toEqual(["passkey.registered", "passkey.removed"]);
    expect((await session.call("DELETE", `/api/v1/passkeys/${a.passkey.id}`)).status).toBe(404);
    expect(await passkeyCount(user.userId)).toBe(1);
  });

  it("answers another user's passkey with 404 not_found, as for one that does not exist, and keeps it", async () => {
    const owner = await member("publisher");
    const other = await member("publisher");
    const { passkey, credential } = await registerPasskey(owner.session, new SoftAuthenticator());
    const foreign = await other.session.call("DELETE", `/api/v1/passkeys/${passkey.id}`);
    const missing = await other.session.call("DELETE", "/api/v1/passkeys/pk_00000000000000000000");
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    expect(foreign.body).toEqual(missing.body);
    // An admin of the org is no exception: a passkey belongs to its person.
    const admin = await signIn(org.admin, org.orgId);
    expect((await admin.call("DELETE", `/api/v1/passkeys/${passkey.id}`)).status).toBe(404);
    expect(await passkeyRow(credential.id)).toBeDefined();
  });

  it("refuses removal with an API token: 403 forbidden, passkey kept", async () => {
    const { user, session } = await member("publisher");
    const { passkey, credential } = await registerPasskey(session, new SoftAuthenticator());
    const res = await call("DELETE", `/api/v1/passkeys/${passkey.id}`, { token: user.token });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    expect(await passkeyRow(credential.id)).toBeDefined();
  });
});

// Issue 14, hole 5: a session cookie alone used to be enough to enroll a passkey, so whoever held
// the cookie could add their own authenticator and pass step-up as the victim from then on.
describe("proof before enrolling (a session cookie alone is not enough)", () => {
  const options = (session: { headers: Record<string, string> }, body: unknown, from?: string) =>
    call("POST", "/api/v1/passkeys/options", { headers: { ...session.headers, ...(from ? { "x-forwarded-for": from } : {}) }, body });
  const challenges = async (userId: string) => sqlRows<{ purpose: string }>("SELECT purpose FROM webauthn_challenges WHERE user_id = $1", userId);

  it("needs the password for the first passkey: a bare session or a wrong password is 403 reauth_required, and no challenge is issued", async () => {
    const { user, session } = await member("publisher");
    for (const [body, reason] of [[{}, "password_required"], [{ password: "not my password" }, "wrong_password"]] as const) {
      const res = await options(session, body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.body.error).toMatchObject({ code: "reauth_required", details: { reason } });
    }
    expect(await challenges(user.userId)).toEqual([]);
    const ok = await options(session, { password: TEST_PASSWORD });
    expect(ok.status).toBe(200);
    expect(await challenges(user.userId)).toEqual([{ purpose: "register" }]);
  });

  it("checks that password with the login brake: repeated wrong ones from an address are refused there with 429, even the right one", async () => {
    const { session } = await member("viewer");
    const from = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
    for (let n = 0; n < 5; n++) expect((await options(session, { password: `guess-${n}` }, from)).status).toBe(403);
    const braked = await options(session, { password: TEST_PASSWORD }, from);
    expect(braked.status).toBe(429);
    expect(braked.body.error.code).toBe("rate_limited");
  });

  it("needs a fresh assertion by an existing passkey for the next one: neither a bare session nor the password will do", async () => {
    const { user, session } = await member("publisher");
    const laptop = new SoftAuthenticator();
    const first = await registerPasskey(session, laptop, "Laptop");
    for (const body of [{}, { password: TEST_PASSWORD }]) {
      const res = await options(session, body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(res.body.error).toMatchObject({ code: "reauth_required", details: { reason: "passkey_required" } });
    }
    expect((await challenges(user.userId)).filter((c) => c.purpose === "register")).toEqual([]);

    const reauth = await session.call("POST", "/api/v1/passkeys/reauth", {});
    expect(reauth.status).toBe(200);
    expect(reauth.body).toMatchObject({ rpId: "localhost", userVerification: "required", allowCredentials: [expect.objectContaining({ id: first.credential.id })] });
    const assertion = laptop.assert(first.credential, reauth.body);
    const ok = await options(session, { assertion });
    expect(ok.status).toBe(200);
    expect(ok.body.excludeCredentials).toEqual([expect.objectContaining({ id: first.credential.id })]);
    const row = await passkeyRow(first.credential.id);
    expect(row!.counter).toBe(BigInt(first.credential.counter));
    expect(row!.last_used_at).not.toBeNull();

    // The reauth challenge was single-use.
    const replay = await options(session, { assertion });
    expect(replay.status).toBe(403);
    expect(replay.body.error).toMatchObject({ code: "reauth_required", details: { reason: "replayed_or_unknown" } });
  });

  it("refuses an assertion by someone else's passkey, over another kind of challenge, without user verification, or expired", async () => {
    const alice = await member("publisher");
    const bob = await member("publisher");
    const aliceKey = new SoftAuthenticator();
    const bobKey = new SoftAuthenticator();
    const a = await registerPasskey(alice.session, aliceKey);
    const b = await registerPasskey(bob.session, bobKey);

    // Bob's passkey over Alice's reauth challenge: not hers.
    const aliceReauth = await alice.session.call("POST", "/api/v1/passkeys/reauth", {});
    const foreign = await options(alice.session, { assertion: bobKey.assert(b.credential, aliceReauth.body) });
    expect(foreign.body.error).toMatchObject({ code: "reauth_required", details: { reason: "unknown_credential" } });
    // A reauth challenge issued to Bob, answered by Alice's passkey on Alice's session.
    const bobReauth = await bob.session.call("POST", "/api/v1/passkeys/reauth", {});
    const stolen = await options(alice.session, { assertion: aliceKey.assert(a.credential, bobReauth.body) });
    expect(stolen.body.error).toMatchObject({ code: "reauth_required", details: { reason: "wrong_challenge" } });
    // A sign-in challenge is not a reauth challenge.
    const login = await call("POST", "/api/v1/auth/passkey", { body: {} });
    const wrongPurpose = await options(alice.session, { assertion: aliceKey.assert(a.credential, login.body) });
    expect(wrongPurpose.body.error).toMatchObject({ code: "reauth_required", details: { reason: "wrong_challenge" } });
    // No user verification.
    const noUv = await options(alice.session, { assertion: await reauthAssertion(alice.session, aliceKey, a.credential, { userVerified: false }) });
    expect(noUv.body.error).toMatchObject({ code: "reauth_required", details: { reason: "verification_failed" } });
    // Expired.
    const late = await alice.session.call("POST", "/api/v1/passkeys/reauth", {});
    await sqlExec("UPDATE webauthn_challenges SET expires_at = now() - interval '1 second' WHERE challenge = $1", late.body.challenge);
    const expired = await options(alice.session, { assertion: aliceKey.assert(a.credential, late.body) });
    expect(expired.body.error).toMatchObject({ code: "reauth_required", details: { reason: "expired" } });
    expect((await challenges(alice.user.userId)).filter((c) => c.purpose === "register")).toEqual([]);
  });

  it("refuses an account with neither a passkey nor a password (OAuth-only) with a clear reason, and offers it no reauth", async () => {
    const { user, session } = await member("viewer");
    await sqlExec("UPDATE users SET password_hash = NULL WHERE id = $1", user.userId);
    const res = await options(session, { password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: "reauth_required", details: { reason: "no_password" } });
    expect(res.body.error.message).toMatch(/password reset/);
    const reauth = await session.call("POST", "/api/v1/passkeys/reauth", {});
    expect(reauth.status).toBe(409);
    expect(await challenges(user.userId)).toEqual([]);
  });

  it("gives reauth options only to a session: an API token is 403 forbidden", async () => {
    const { user, session } = await member("publisher");
    await registerPasskey(session, new SoftAuthenticator());
    const res = await call("POST", "/api/v1/passkeys/reauth", { token: user.token, body: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
  });
});

describe("auditing enrollment in every org of the user", () => {
  it("records passkey.registered and passkey.removed in each org the user belongs to, and every chain still verifies", async () => {
    const other = await createTestOrg();
    const { user, session } = await member("approver");
    await sqlExec("INSERT INTO memberships (id, org_id, user_id, role) VALUES ($1, $2, $3, 'viewer')", `mem_${user.userId.slice(4)}`, other.orgId, user.userId);
    const { passkey } = await registerPasskey(session, new SoftAuthenticator(), "Travel key");
    for (const orgId of [org.orgId, other.orgId]) expect(await auditTypesFor(orgId, passkey.id), orgId).toEqual(["passkey.registered"]);
    expect((await session.call("DELETE", `/api/v1/passkeys/${passkey.id}`)).status).toBe(200);
    for (const orgId of [org.orgId, other.orgId]) expect(await auditTypesFor(orgId, passkey.id), orgId).toEqual(["passkey.registered", "passkey.removed"]);
    const [event] = await sqlRows<{ actor_id: string; data: { name: string } }>(
      "SELECT actor_id, data FROM audit_events WHERE org_id = $1 AND subject_id = $2 AND type = 'passkey.registered'", other.orgId, passkey.id);
    expect(event).toMatchObject({ actor_id: user.userId, data: { name: "Travel key" } });
    for (const admin of [org.admin, other.admin]) expect((await call("GET", "/api/v1/audit/verify", { token: admin.token })).body.ok).toBe(true);
  });
});
