import { beforeAll, describe, expect, it } from "vitest";
import { type TestOrg, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { passkeyRow, registerPasskey, signIn } from "../helpers/passkeys";
import { SoftAuthenticator } from "../helpers/soft-authenticator";
import { auditTypesFor, sqlRows } from "../helpers/sql";

// Issue 5: passkeys are enrolled, listed and removed from a dashboard session only, several per
// user, each stored with its public key, counter and transports.

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

const passkeyCount = async (userId: string) =>
  (await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM passkeys WHERE user_id = $1", userId))[0].n;

describe("registering passkeys", () => {
  it("gives options bound to this site and user, excluding passkeys already registered", async () => {
    const { user, session } = await member("publisher");
    const first = await session.call("POST", "/api/v1/passkeys/options", {});
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
    const second = await session.call("POST", "/api/v1/passkeys/options", {});
    expect(second.body.challenge).not.toBe(first.body.challenge);
    expect(second.body.excludeCredentials).toEqual([expect.objectContaining({ id: credential.id })]);
  });

  it("keeps several named passkeys per user, listed with last use null until used, stored with key, counter and transports", async () => {
    const { user, session } = await member("publisher");
    const laptop = new SoftAuthenticator({ transports: ["internal"] });
    const phone = new SoftAuthenticator({ transports: ["hybrid", "usb"] });
    const a = await registerPasskey(session, laptop, "Work laptop");
    const b = await registerPasskey(session, phone, "Phone");
    expect(a.passkey).toMatchObject({ name: "Work laptop", last_used_at: null, transports: ["internal"] });

    const list = await session.call("GET", "/api/v1/passkeys");
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      { id: a.passkey.id, name: "Work laptop", transports: ["internal"], created_at: expect.any(String), last_used_at: null },
      { id: b.passkey.id, name: "Phone", transports: ["hybrid", "usb"], created_at: expect.any(String), last_used_at: null },
    ]);

    const row = await passkeyRow(a.credential.id);
    expect(row).toMatchObject({ id: a.passkey.id, user_id: user.userId, name: "Work laptop", counter: 0n, transports: ["internal"], last_used_at: null });
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
    const byToken = await call("POST", "/api/v1/passkeys/options", { token: user.token, body: {} });
    expect(byToken.status).toBe(403);
    expect(byToken.body.error.code).toBe("forbidden");

    // Even with a challenge the session obtained, the token cannot finish the registration.
    const options = await session.call("POST", "/api/v1/passkeys/options", {});
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
      const res = await call("POST", "/api/v1/passkeys/options", { headers, body: {} });
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
      const fresh = await session.call("POST", "/api/v1/passkeys/options", {});
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
      const options = await session.call("POST", "/api/v1/passkeys/options", {});
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
          const options = await session.call("POST", "/api/v1/passkeys/options", {});
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
    const options = await alice.session.call("POST", "/api/v1/passkeys/options", {});
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
