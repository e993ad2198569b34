import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { authOptions, nextAuthSecret } from "../../lib/auth/next-auth-options";
import { hashToken } from "../../lib/auth/secret-token";
import { confirmPasswordReset, startReset } from "../../lib/domain/auth/password-reset";
import { startSignup } from "../../lib/domain/auth/sign-up";
import { type TestOrg, TEST_PASSWORD, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { APP_ORIGIN } from "../helpers/passkeys";
import { type ReceivedMail, startSmtpSink } from "../helpers/smtp-sink";
import { auditTypesFor, sqlExec, sqlRows } from "../helpers/sql";

// Self-serve sign-up, email verification and creating an organization, with the mails through a
// real SMTP server on loopback. The attacks: a sign-up for an email that has an account (no second
// account, nothing about the first changes, the same answer); an unverified account signing in; a
// verification token reused, expired, guessed or aimed at another account; ALLOW_SIGNUP=0; an
// organization created by nobody, by an agent, under a taken name or by an unverified account.

const ORIGIN = "http://localhost:3000";
const PASSWORD = "a sign-up passphrase";

let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let org: TestOrg;
beforeAll(async () => {
  smtp = await startSmtpSink();
  process.env.SMTP_URL = smtp.url;
  org = await createTestOrg();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});
afterEach(() => {
  delete process.env.ALLOW_SIGNUP;
});

const freshEmail = () => `signup-${randomUUID().slice(0, 8)}@example.test`;
const freshName = () => `signup-org-${randomUUID().slice(0, 8)}`;
const login = (email: string, password: string) => call("POST", "/api/v1/auth/token", { body: { email, password } });
const verify = (token: string) => call("POST", "/api/v1/auth/verify-email", { body: { token } });
const createOrgAs = (headers: Record<string, string>, name: string) => call("POST", "/api/v1/orgs", { headers, body: { name } });

/** The dashboard's email + password sign-in: the credentials provider's own authorize(). */
function dashboardSignIn(email: string, password: string) {
  const provider = authOptions().providers.find((p) => p.id === "credentials") as unknown as {
    options: { authorize: (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null> };
  };
  return provider.options.authorize({ email, password }, { headers: {} });
}

/** A session cookie carrying the claims the jwt callback wrote (at sign-in, or when switching organizations). */
async function sessionOf(claims: Record<string, unknown>): Promise<Record<string, string>> {
  return { cookie: `next-auth.session-token=${await encode({ token: claims, secret: nextAuthSecret() })}`, origin: APP_ORIGIN };
}

/** A signed-in person with no organization: what next-auth writes at sign-in for one (orgId null). */
const personSession = (userId: string) => sessionOf({ uid: userId, orgId: null, authAt: Date.now() });

/** The newest mail to `email`, after one more than `before` arrived. */
async function nextMail(email: string, before: number): Promise<ReceivedMail> {
  const deadline = Date.now() + 10_000;
  let mails = await smtp.mailsTo(email);
  while (mails.length <= before && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    mails = await smtp.mailsTo(email, 0);
  }
  expect(mails.length).toBe(before + 1);
  return mails[mails.length - 1]!;
}

const verificationToken = (mail: ReceivedMail) => {
  const match = /http:\/\/localhost:3000\/verify-email#(tg_vfy_[0-9A-Za-z]{43})\b/.exec(mail.text);
  expect(match, mail.text).not.toBeNull();
  return match![1]!;
};

/** Signs up (awaiting the work the route leaves to the background) and answers the account and the token from its mail. */
async function signUp(email = freshEmail(), password = PASSWORD) {
  const before = (await smtp.mailsTo(email, 0)).length;
  await startSignup({ email, password }, ORIGIN);
  const token = verificationToken(await nextMail(email, before));
  const [user] = await sqlRows<{ id: string }>("SELECT id FROM users WHERE email = $1", email);
  return { email, password, token, userId: user!.id };
}

const userRow = async (userId: string) => (await sqlRows<{ row: unknown }>("SELECT to_jsonb(u) AS row FROM users u WHERE id = $1", userId))[0]?.row;
const verifiedAt = async (userId: string) => (await sqlRows<{ email_verified_at: Date | null }>("SELECT email_verified_at FROM users WHERE id = $1", userId))[0]!.email_verified_at;
const tokenCount = async (userId: string) => Number((await sqlRows<{ n: string }>("SELECT count(*) AS n FROM api_tokens WHERE user_id = $1", userId))[0]!.n);
const orgsNamed = (name: string) => sqlRows<{ id: string }>("SELECT id FROM organizations WHERE name = $1", name);

describe("the whole path: sign up, verify, sign in, create an organization", () => {
  it("ends with the new person as admin of the organization they created", async () => {
    const email = freshEmail();
    const res = await call("POST", "/api/v1/auth/signup", { body: { email: email.toUpperCase(), password: PASSWORD, name: "Dana Signup" } });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true });

    // The mail, as the SMTP server received it: one link, in both parts, from MAIL_FROM.
    const mail = await nextMail(email, 0);
    expect(mail.subject).toBe("Verify your email for Tollgate");
    expect(mail.from).toContain("tollgate@localhost");
    const token = verificationToken(mail);
    expect(mail.html).toContain(`/verify-email#${token}`);
    expect(mail.text).toContain("24 hours");

    // The account: the email lowercased, unverified, the password hashed; only the token's hash stored.
    const [user] = await sqlRows<{ id: string; name: string; email_verified_at: Date | null; password_hash: string }>(
      "SELECT id, name, email_verified_at, password_hash FROM users WHERE email = $1",
      email,
    );
    expect(user).toMatchObject({ name: "Dana Signup", email_verified_at: null });
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
    const links = await sqlRows<{ token_hash: string; hours: number; used_at: Date | null }>(
      "SELECT token_hash, extract(epoch FROM expires_at - created_at)::float8 / 3600 AS hours, used_at FROM email_verifications WHERE user_id = $1",
      user!.id,
    );
    expect(links).toHaveLength(1);
    expect(links[0]!.token_hash).toBe(hashToken(token));
    expect(links[0]!.hours).toBeCloseTo(24, 1);
    const outbox = await sqlRows<{ kind: string; status: string; sealed_message: string | null }>("SELECT kind, status, sealed_message FROM account_mails WHERE to_address = $1", email);
    expect(outbox).toEqual([{ kind: "email_verification", status: "sent", sealed_message: null }]);

    // Unverified: no sign-in, by token or dashboard.
    expect((await login(email, PASSWORD)).body.error.code).toBe("email_unverified");
    await expect(dashboardSignIn(email, PASSWORD)).rejects.toThrow("email_unverified");

    const verified = await verify(token);
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ user_id: user!.id, verified: true });
    expect(await verifiedAt(user!.id)).not.toBeNull();

    // The dashboard signs in; the session has no organization yet, and there is no token to get without one.
    const signedIn = await dashboardSignIn(email, PASSWORD);
    expect(signedIn?.id).toBe(user!.id);
    const jwt = authOptions().callbacks!.jwt!;
    const claims = await jwt({ token: {}, user: signedIn!, account: { provider: "credentials", type: "credentials", providerAccountId: user!.id } } as never);
    expect(claims).toMatchObject({ uid: user!.id, orgId: null });
    expect((await login(email, PASSWORD)).status).toBe(401);

    const name = freshName();
    const created = await createOrgAs(await sessionOf(claims), name);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ org_id: expect.stringMatching(/^org_/), name, role: "admin" });
    const orgId = created.body.org_id as string;

    // The session moves to it the way the org switcher moves one (next-auth's update), and is its admin.
    const moved = await jwt({ token: claims, trigger: "update", session: { orgId } } as never);
    expect(moved.orgId).toBe(orgId);
    const me = await call("GET", "/api/v1/me", { headers: await sessionOf(moved) });
    expect(me.body).toEqual({ kind: "user", id: user!.id, org_id: orgId, role: "admin" });

    // Token login now works, as the admin of the new organization.
    const token2 = await login(email, PASSWORD);
    expect(token2.status).toBe(201);
    expect(token2.body).toMatchObject({ user_id: user!.id, org_id: orgId, role: "admin" });
    const members = await call("GET", "/api/v1/members", { token: token2.body.token });
    expect(members.body.items).toEqual([expect.objectContaining({ user_id: user!.id, email, role: "admin" })]);
    expect(await auditTypesFor(orgId, orgId)).toEqual(["org.created"]);
    const [event] = await sqlRows<{ actor_type: string; actor_id: string; data: unknown }>("SELECT actor_type, actor_id, data FROM audit_events WHERE org_id = $1 AND type = 'org.created'", orgId);
    expect(event).toEqual({ actor_type: "user", actor_id: user!.id, data: { name, admin_user_id: user!.id } });
  });
});

describe("POST /auth/signup for an email that has an account", () => {
  it("makes no account, changes nothing about the existing one, answers the same 202, and mails a way to sign in", async () => {
    const member = await org.user("viewer");
    const before = await userRow(member.userId);
    const mailsBefore = (await smtp.mailsTo(member.email, 0)).length;

    const existing = await call("POST", "/api/v1/auth/signup", { body: { email: ` ${member.email.toUpperCase()} `, password: "an attacker's passphrase" } });
    const fresh = await call("POST", "/api/v1/auth/signup", { body: { email: freshEmail(), password: PASSWORD } });
    expect(existing.status).toBe(202);
    expect(fresh.status).toBe(202);
    expect(existing.body).toEqual(fresh.body);

    const mail = await nextMail(member.email, mailsBefore);
    expect(mail.subject).toBe("You already have a Tollgate account");
    expect(mail.text).toContain("No second account was made");
    expect(mail.text).toContain(`${ORIGIN}/login`);
    expect(mail.text).not.toMatch(/tg_vfy_/);

    expect(await userRow(member.userId)).toEqual(before);
    expect(await sqlRows("SELECT id FROM users WHERE lower(email) = lower($1)", member.email)).toHaveLength(1);
    expect(await sqlRows("SELECT id FROM email_verifications WHERE user_id = $1", member.userId)).toEqual([]);
    expect((await login(member.email, TEST_PASSWORD)).status).toBe(201);
    expect((await login(member.email, "an attacker's passphrase")).status).toBe(401);
  });

  it("a second sign-up for an unverified account mails the same notice and makes no second link", async () => {
    const first = await signUp();
    const before = await userRow(first.userId);
    await startSignup({ email: first.email, password: "someone else's passphrase" }, ORIGIN);
    const mail = await nextMail(first.email, 1);
    expect(mail.subject).toBe("You already have a Tollgate account");
    expect(await userRow(first.userId)).toEqual(before);
    expect(await sqlRows("SELECT id FROM email_verifications WHERE user_id = $1", first.userId)).toHaveLength(1);
    // The first link still verifies the account with the first password.
    expect((await verify(first.token)).status).toBe(200);
    expect((await dashboardSignIn(first.email, first.password))?.id).toBe(first.userId);
    expect(await dashboardSignIn(first.email, "someone else's passphrase")).toBeNull();
  });
});

describe("an unverified account", () => {
  it("is refused at POST /auth/token with 403 email_unverified for the right password only, and nothing is issued", async () => {
    const person = await signUp();
    const right = await login(person.email, person.password);
    expect(right.status).toBe(403);
    expect(right.body.error.code).toBe("email_unverified");
    const wrong = await login(person.email, "not the password at all");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("invalid_credentials");
    // The same as an email nobody has: a wrong password says nothing about the account.
    const nobody = await login(freshEmail(), "not the password at all");
    expect({ status: nobody.status, body: nobody.body }).toEqual({ status: wrong.status, body: wrong.body });
    expect(await tokenCount(person.userId)).toBe(0);
    expect(await dashboardSignIn(person.email, "not the password at all")).toBeNull();
  });

  it("becomes verified by a password reset (the reset link proves the mailbox, and the password is then the owner's)", async () => {
    const person = await signUp();
    await startReset(person.email, ORIGIN);
    const mail = await nextMail(person.email, 1);
    const reset = /reset-password#(tg_pwr_[0-9A-Za-z]+)/.exec(mail.text)![1]!;
    await confirmPasswordReset(reset, "the owner's own passphrase");
    expect(await verifiedAt(person.userId)).not.toBeNull();
    expect(await dashboardSignIn(person.email, person.password)).toBeNull();
    expect((await dashboardSignIn(person.email, "the owner's own passphrase"))?.id).toBe(person.userId);
  });
});

describe("POST /auth/verify-email", () => {
  it("is single-use: a second use is 410 and changes nothing", async () => {
    const person = await signUp();
    expect((await verify(person.token)).status).toBe(200);
    const at = await verifiedAt(person.userId);
    const again = await verify(person.token);
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe("verification_invalid");
    expect(await verifiedAt(person.userId)).toEqual(at);
  });

  it("refuses an expired link and a made-up one with 410, and the account stays unverified", async () => {
    const person = await signUp();
    await sqlExec("UPDATE email_verifications SET expires_at = now() - interval '1 second' WHERE user_id = $1", person.userId);
    for (const token of [person.token, `tg_vfy_${"A".repeat(43)}`, "tg_vfy_short", "not-even-a-token"]) {
      const res = await verify(token);
      expect(res.status, token).toBe(410);
      expect(res.body.error.code).toBe("verification_invalid");
    }
    expect(await verifiedAt(person.userId)).toBeNull();
    expect(await sqlRows("SELECT used_at FROM email_verifications WHERE user_id = $1", person.userId)).toEqual([{ used_at: null }]);
    expect((await login(person.email, person.password)).status).toBe(403);
  });

  it("verifies only the account its token was sent for", async () => {
    const alice = await signUp();
    const bob = await signUp();
    const res = await verify(alice.token);
    expect(res.body).toEqual({ user_id: alice.userId, verified: true });
    expect(await verifiedAt(alice.userId)).not.toBeNull();
    expect(await verifiedAt(bob.userId)).toBeNull();
    expect((await login(bob.email, bob.password)).body.error.code).toBe("email_unverified");
    // Bob's own link still works, for Bob.
    expect((await verify(bob.token)).body).toEqual({ user_id: bob.userId, verified: true });
  });

  it("of two concurrent uses of one link, exactly one succeeds", async () => {
    const person = await signUp();
    const answers = await Promise.all([verify(person.token), verify(person.token)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410]);
  });

  it("records user.email_verified in the trail of each organization of the person", async () => {
    // An account that is in an organization and unverified (as no sign-up can make it), with a link of its own.
    const member = await org.user("viewer");
    await sqlExec("UPDATE users SET email_verified_at = NULL WHERE id = $1", member.userId);
    const token = `tg_vfy_${randomUUID().replaceAll("-", "")}abcdefghijk`;
    await sqlExec("INSERT INTO email_verifications (id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 hour')", `vfy_${randomUUID().slice(0, 8)}`, member.userId, hashToken(token));
    expect((await verify(token)).status).toBe(200);
    expect(await auditTypesFor(org.orgId, member.userId)).toContain("user.email_verified");
  });
});

describe("ALLOW_SIGNUP=0", () => {
  it("refuses sign-up with 403 signup_disabled and sends nothing", async () => {
    process.env.ALLOW_SIGNUP = "0";
    const email = freshEmail();
    const res = await call("POST", "/api/v1/auth/signup", { body: { email, password: PASSWORD } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("signup_disabled");
    expect(await smtp.mailsTo(email, 300)).toEqual([]);
    expect(await sqlRows("SELECT id FROM users WHERE email = $1", email)).toEqual([]);
  });

  it("refuses creating an organization with 403 signup_disabled, even for a verified member", async () => {
    process.env.ALLOW_SIGNUP = "0";
    const name = freshName();
    const res = await call("POST", "/api/v1/orgs", { token: org.admin.token, body: { name } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("signup_disabled");
    expect(await orgsNamed(name)).toEqual([]);
  });
});

describe("POST /orgs", () => {
  it("refuses nobody with 401 and an agent key with 403, creating nothing", async () => {
    const name = freshName();
    const anonymous = await call("POST", "/api/v1/orgs", { body: { name } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");
    const agent = await org.agent();
    const asAgent = await call("POST", "/api/v1/orgs", { token: agent.key, body: { name } });
    expect(asAgent.status).toBe(403);
    expect(asAgent.body.error.code).toBe("forbidden");
    const forged = await call("POST", "/api/v1/orgs", { token: `tg_user_${"x".repeat(43)}`, body: { name } });
    expect(forged.status).toBe(401);
    expect(await orgsNamed(name)).toEqual([]);
  });

  it("refuses a session's write from another site with 403", async () => {
    const person = await signUp();
    await verify(person.token);
    const name = freshName();
    const headers = { ...(await personSession(person.userId)), origin: "https://evil.example" };
    const res = await createOrgAs(headers, name);
    expect(res.status).toBe(403);
    expect(await orgsNamed(name)).toEqual([]);
  });

  it("refuses an unverified account with 403 email_unverified", async () => {
    const person = await signUp();
    const name = freshName();
    const res = await createOrgAs(await personSession(person.userId), name);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("email_unverified");
    expect(await orgsNamed(name)).toEqual([]);
    expect(await sqlRows("SELECT org_id FROM memberships WHERE user_id = $1", person.userId)).toEqual([]);
  });

  it("refuses a taken name with 409 conflict and changes nothing; of two racing for one name, one wins", async () => {
    const taken = (await sqlRows<{ name: string }>("SELECT name FROM organizations WHERE id = $1", org.orgId))[0]!.name;
    const res = await call("POST", "/api/v1/orgs", { token: org.admin.token, body: { name: taken } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");
    expect(await orgsNamed(taken)).toEqual([{ id: org.orgId }]);

    const name = freshName();
    const race = await Promise.all([
      call("POST", "/api/v1/orgs", { token: org.admin.token, body: { name } }),
      call("POST", "/api/v1/orgs", { token: org.admin.token, body: { name } }),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await orgsNamed(name)).toHaveLength(1);
  });

  it("lets a member of another organization create one with a token, staying a member of the first", async () => {
    const member = await org.user("viewer");
    const name = freshName();
    const res = await call("POST", "/api/v1/orgs", { token: member.token, body: { name: `  ${name}  ` } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name, role: "admin" });
    const roles = await sqlRows<{ org_id: string; role: string }>("SELECT org_id, role FROM memberships WHERE user_id = $1 ORDER BY created_at", member.userId);
    expect(roles).toEqual([
      { org_id: org.orgId, role: "viewer" },
      { org_id: res.body.org_id, role: "admin" },
    ]);
  });
});

describe("bad bodies", () => {
  const cases: [path: string, body: unknown][] = [
    ["/api/v1/auth/signup", {}],
    ["/api/v1/auth/signup", { email: "not an email", password: PASSWORD }],
    ["/api/v1/auth/signup", { email: freshEmail(), password: "short" }],
    ["/api/v1/auth/signup", { email: freshEmail(), password: PASSWORD, name: "x".repeat(101) }],
    ["/api/v1/auth/signup", { email: freshEmail(), password: PASSWORD, role: "admin" }],
    ["/api/v1/auth/signup", { email: ["a@example.test"], password: PASSWORD }],
    ["/api/v1/auth/signup", { email: freshEmail(), password: 12345678 }],
    ["/api/v1/auth/verify-email", {}],
    ["/api/v1/auth/verify-email", { token: "" }],
    ["/api/v1/auth/verify-email", { token: 42 }],
    ["/api/v1/auth/verify-email", { token: "x".repeat(201) }],
    ["/api/v1/auth/verify-email", { token: "tg_vfy_x", user_id: "usr_1" }],
    ["/api/v1/orgs", {}],
    ["/api/v1/orgs", { name: "" }],
    ["/api/v1/orgs", { name: "   " }],
    ["/api/v1/orgs", { name: "x".repeat(101) }],
    ["/api/v1/orgs", { name: 7 }],
    ["/api/v1/orgs", { name: "ok", owner: "someone" }],
  ];

  it.each(cases)("%s %j → 422 validation_failed", async (path, body) => {
    const res = await call("POST", path, { token: path === "/api/v1/orgs" ? org.admin.token : undefined, body });
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
  });

  it("sends no mail and makes no account for a refused sign-up", async () => {
    const email = freshEmail();
    expect((await call("POST", "/api/v1/auth/signup", { body: { email, password: "short" } })).status).toBe(422);
    expect(await smtp.mailsTo(email, 300)).toEqual([]);
    expect(await sqlRows("SELECT id FROM users WHERE email = $1", email)).toEqual([]);
  });
});

describe("accounts made other ways", () => {
  it("count as verified: the bootstrap's admin and an invitation's new account sign in", async () => {
    expect(await verifiedAt(org.admin.userId)).not.toBeNull();
    const member = await org.user("approver");
    expect(await verifiedAt(member.userId)).not.toBeNull();
    expect((await login(member.email, TEST_PASSWORD)).status).toBe(201);
  });
});
