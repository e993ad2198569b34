import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { TEST_PASSWORD, type TestOrg, createTestOrg } from "../factories/org";
import { type ApiResponse, call } from "../helpers/api";
import { sessionHeaders } from "../helpers/passkeys";
import { auditTypesFor, sqlExec, sqlRows } from "../helpers/sql";

// Issue 14, hole 1 (account pre-hijack): POST /members used to create an account for any email
// with a password the inviting admin chose, and a later invitation from another org attached the
// existing account silently. Now POST /members is an invitation, and accepting one either creates
// an account with the invitee's own password or needs the invitee signed in to the account their
// email already has; a password is never set on an existing account.

const VICTIM_PASSWORD = "the victim's own passphrase";
const GUESS = "attacker-chosen password";

const uniqueEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@victim.test`;
const tokenOf = (invited: ApiResponse) => String(invited.body.accept_url).split("#")[1];

function invite(org: TestOrg, email: string, role = "approver") {
  return call("POST", "/api/v1/members", { token: org.admin.token, body: { email, role } });
}

function accept(body: Record<string, unknown>, auth: { token?: string; headers?: Record<string, string> } = {}) {
  return call("POST", "/api/v1/invitations/accept", { body, ...auth });
}

const login = (email: string, password: string) => call("POST", "/api/v1/auth/token", { body: { email, password } });

async function passwordHashOf(email: string): Promise<string | null> {
  const rows = await sqlRows<{ password_hash: string | null }>("SELECT password_hash FROM users WHERE email = $1", email);
  return rows[0]?.password_hash ?? null;
}

async function memberEmails(org: TestOrg): Promise<string[]> {
  return (await call("GET", "/api/v1/members", { token: org.admin.token })).body.items.map((m: { email: string }) => m.email);
}

/** Org B's invitation of `email`, accepted by the person with their own password: the victim's real account. */
async function victimOf(orgB: TestOrg, email = uniqueEmail("cfo")) {
  const joined = await accept({ token: tokenOf(await invite(orgB, email)), password: VICTIM_PASSWORD });
  expect(joined.status).toBe(201);
  const token = (await login(email, VICTIM_PASSWORD)).body.token as string;
  return { email, userId: joined.body.user_id as string, token };
}

/** An answer with everything that differs between two invitations of different emails masked. */
function shape(res: ApiResponse, email: string) {
  const text = JSON.stringify(res.body)
    .replaceAll(email, "<email>")
    .replace(/inv_[0-9A-Za-z]+/g, "<id>")
    .replace(/tg_inv_[0-9A-Za-z]+/g, "<token>")
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, "<time>");
  return { status: res.status, body: JSON.parse(text) };
}

describe("POST /members no longer makes accounts", () => {
  it("refuses a password (or a name) with 422 validation_failed and creates no account", async () => {
    const org = await createTestOrg();
    const email = uniqueEmail("cfo");
    for (const extra of [{ password: GUESS }, { name: "CFO" }]) {
      const res = await call("POST", "/api/v1/members", { token: org.admin.token, body: { email, role: "admin", ...extra } });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
    }
    const invited = await invite(org, email, "admin");
    expect(invited.status).toBe(201);
    expect(invited.body.accept_url).toMatch(/\/invite#tg_inv_[0-9A-Za-z]{43}$/);
    expect(invited.body).not.toHaveProperty("user_id");
    expect(await sqlRows("SELECT id FROM users WHERE email = $1", email)).toEqual([]);
    // The guessed password opens nothing: there is no account until the invitee makes one.
    expect((await login(email, GUESS)).status).toBe(401);
    // Only the token's hash is stored.
    const [row] = await sqlRows<{ token_hash: string }>("SELECT token_hash FROM invitations WHERE id = $1", invited.body.invitation_id);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(tokenOf(invited));
  });

  it("answers alike whether or not the email has an account elsewhere", async () => {
    const [orgA, orgB] = [await createTestOrg(), await createTestOrg()];
    const victim = await victimOf(orgB);
    const fresh = uniqueEmail("nobody");
    const existing = await invite(orgA, victim.email);
    const unknown = await invite(orgA, fresh);
    expect(shape(existing, victim.email)).toEqual(shape(unknown, fresh));
    const listed = (await call("GET", "/api/v1/invitations", { token: orgA.admin.token })).body.items;
    const [a, b] = [listed.find((i: { email: string }) => i.email === victim.email), listed.find((i: { email: string }) => i.email === fresh)];
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect({ ...a, invitation_id: 0, email: 0, created_at: 0, expires_at: 0 }).toEqual({ ...b, invitation_id: 0, email: 0, created_at: 0, expires_at: 0 });
  });

  it("refuses to invite someone already a member of this organization (their own data), with 409 conflict", async () => {
    const org = await createTestOrg();
    const viewer = await org.user("viewer");
    const res = await invite(org, viewer.email.toUpperCase());
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");
  });
});

describe("the pre-hijack attack", () => {
  it("an admin of org A who invites the victim's email cannot take the account: refused, and the password never changes", async () => {
    const [orgA, orgB] = [await createTestOrg(), await createTestOrg()];
    const victim = await victimOf(orgB);
    const hashBefore = await passwordHashOf(victim.email);
    const invited = await invite(orgA, victim.email, "admin");
    expect(invited.status).toBe(201);
    const token = tokenOf(invited);

    const attempts = [
      await accept({ token, password: GUESS }),
      await accept({ token }),
      // Signed in as the attacker: their token, their dashboard session.
      await accept({ token, password: GUESS }, { token: orgA.admin.token }),
      await accept({ token }, { headers: await sessionHeaders(orgA.admin, orgA.orgId) }),
    ];
    for (const res of attempts) {
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.error.code).toBe("sign_in_required");
    }
    expect(await passwordHashOf(victim.email)).toBe(hashBefore);
    expect((await login(victim.email, VICTIM_PASSWORD)).status).toBe(201);
    const guessed = await login(victim.email, GUESS);
    expect(guessed.status).toBe(401);
    expect(guessed.body.error.code).toBe("invalid_credentials");
    expect(await memberEmails(orgA)).not.toContain(victim.email);
    expect(await auditTypesFor(orgA.orgId, victim.userId)).toEqual([]);

    // The victim themself, signed in, can still accept; their password stays theirs.
    const joined = await accept({ token, password: GUESS }, { token: victim.token });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    expect(joined.body).toEqual({ user_id: victim.userId, org_id: orgA.orgId, role: "admin", email: victim.email });
    expect(await passwordHashOf(victim.email)).toBe(hashBefore);
    expect((await login(victim.email, GUESS)).status).toBe(401);
    expect(await memberEmails(orgA)).toContain(victim.email);
  });

  it("a tg_user_ token of a different user is refused; the invitee's own token or dashboard session is accepted", async () => {
    const [orgA, orgB] = [await createTestOrg(), await createTestOrg()];
    const victim = await victimOf(orgB);
    const bystander = await orgB.user("admin");
    const first = tokenOf(await invite(orgA, victim.email));
    for (const auth of [{ token: bystander.token }, { headers: await sessionHeaders(bystander, orgB.orgId) }]) {
      const res = await accept({ token: first }, auth);
      expect(res.status, JSON.stringify(res.body)).toBe(403);
      expect(res.body.error.code).toBe("sign_in_required");
    }
    const viaSession = await accept({ token: first }, { headers: await sessionHeaders({ userId: victim.userId }, orgB.orgId) });
    expect(viaSession.status, JSON.stringify(viaSession.body)).toBe(201);
    expect(viaSession.body.user_id).toBe(victim.userId);
  });

  it("compares the invited email with the account's case-insensitively", async () => {
    const [orgA, orgB] = [await createTestOrg(), await createTestOrg()];
    const victim = await victimOf(orgB);
    const invited = await invite(orgA, victim.email.toUpperCase());
    expect(invited.body.email).toBe(victim.email);
    // Even an invitation row holding another case finds the account (and so needs its owner).
    await sqlExec("UPDATE invitations SET email = upper(email) WHERE id = $1", invited.body.invitation_id);
    const res = await accept({ token: tokenOf(invited), password: GUESS });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("sign_in_required");
    expect(await sqlRows("SELECT id FROM users WHERE lower(email) = lower($1)", victim.email)).toHaveLength(1);
  });
});

describe("POST /invitations/accept", () => {
  it("creates the account with the invitee's password; the password is required then", async () => {
    const org = await createTestOrg();
    const email = uniqueEmail("new");
    const token = tokenOf(await invite(org, email, "publisher"));
    const missing = await accept({ token });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details.issues).toEqual([{ path: ["password"], message: expect.any(String) }]);
    expect((await accept({ token, password: "short" })).status).toBe(422);

    const joined = await accept({ token, password: TEST_PASSWORD });
    expect(joined.status).toBe(201);
    expect(joined.body).toEqual({ user_id: expect.stringMatching(/^usr_/), org_id: org.orgId, role: "publisher", email });
    const signedIn = await login(email, TEST_PASSWORD);
    expect(signedIn.body).toMatchObject({ user_id: joined.body.user_id, org_id: org.orgId, role: "publisher" });
    expect(await auditTypesFor(org.orgId, joined.body.user_id)).toEqual(["invitation.accepted"]);
  });

  it("is single-use: a second accept, a revoked link, an expired link and an unknown token are 410 invitation_invalid", async () => {
    const org = await createTestOrg();
    const used = tokenOf(await invite(org, uniqueEmail("used")));
    expect((await accept({ token: used, password: TEST_PASSWORD })).status).toBe(201);

    const revoked = await invite(org, uniqueEmail("revoked"));
    const revoke = await call("DELETE", `/api/v1/invitations/${revoked.body.invitation_id}`, { token: org.admin.token });
    expect(revoke.status).toBe(200);
    expect(revoke.body).toEqual({ invitation_id: revoked.body.invitation_id, revoked: true });
    expect((await call("DELETE", `/api/v1/invitations/${revoked.body.invitation_id}`, { token: org.admin.token })).status).toBe(404);

    const expired = await invite(org, uniqueEmail("expired"));
    await sqlExec("UPDATE invitations SET expires_at = expires_at - interval '8 days' WHERE id = $1", expired.body.invitation_id);

    // Inviting the same email again replaces the earlier link.
    const email = uniqueEmail("twice");
    const replaced = await invite(org, email);
    const current = await invite(org, email);

    for (const token of [used, tokenOf(revoked), tokenOf(expired), tokenOf(replaced), `tg_inv_${"0".repeat(43)}`, "garbage"]) {
      const res = await accept({ token, password: TEST_PASSWORD });
      expect(res.status, `${token}: ${JSON.stringify(res.body)}`).toBe(410);
      expect(res.body.error.code).toBe("invitation_invalid");
    }
    expect((await accept({ token: tokenOf(current), password: TEST_PASSWORD })).status).toBe(201);
    const pending = (await call("GET", "/api/v1/invitations", { token: org.admin.token })).body.items;
    expect(pending).toEqual([]);
    expect(await auditTypesFor(org.orgId, revoked.body.invitation_id)).toEqual(["invitation.created", "invitation.revoked"]);
  });

  it("of concurrent accepts of one link exactly one wins; the rest are 410 and nothing is written twice", async () => {
    const org = await createTestOrg();
    const email = uniqueEmail("race");
    const invited = await invite(org, email);
    const results = await Promise.all(Array.from({ length: 8 }, () => accept({ token: tokenOf(invited), password: TEST_PASSWORD })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 410, 410, 410, 410, 410, 410, 410]);
    expect(await sqlRows("SELECT id FROM users WHERE email = $1", email)).toHaveLength(1);
    expect((await memberEmails(org)).filter((e) => e === email)).toHaveLength(1);
    const userId = results.find((r) => r.status === 201)!.body.user_id;
    expect(await auditTypesFor(org.orgId, userId)).toEqual(["invitation.accepted"]);
  });

  it("two organizations' invitations of one new email accepted at once make one account; the other needs its owner signed in", async () => {
    const [orgA, orgB] = [await createTestOrg(), await createTestOrg()];
    const email = uniqueEmail("both");
    const [a, b] = [tokenOf(await invite(orgA, email)), tokenOf(await invite(orgB, email))];
    const results = await Promise.all([accept({ token: a, password: VICTIM_PASSWORD }), accept({ token: b, password: GUESS })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 403]);
    expect(results.find((r) => r.status === 403)!.body.error.code).toBe("sign_in_required");
    expect(await sqlRows("SELECT id FROM users WHERE email = $1", email)).toHaveLength(1);
    const winner = results[0].status === 201 ? VICTIM_PASSWORD : GUESS;
    expect((await login(email, winner)).status).toBe(201);
    expect((await login(email, winner === GUESS ? VICTIM_PASSWORD : GUESS)).status).toBe(401);
  });

  it("lets a person removed from every organization, still signed in, accept a new invitation", async () => {
    const [orgA, orgB] = [await createTestOrg(), await createTestOrg()];
    const victim = await victimOf(orgB);
    expect((await call("DELETE", `/api/v1/members/${victim.userId}`, { token: orgB.admin.token })).status).toBe(200);
    const token = tokenOf(await invite(orgA, victim.email, "viewer"));
    // Their session still names them (its org no longer has them); their tokens are dead.
    expect((await accept({ token }, { token: victim.token })).status).toBe(401);
    const res = await accept({ token }, { headers: await sessionHeaders({ userId: victim.userId }, orgB.orgId) });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ user_id: victim.userId, org_id: orgA.orgId, role: "viewer" });
  });

  it("refuses agent keys, bad bearer tokens and cross-site session writes, and leaves the link usable", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    const token = tokenOf(await invite(org, uniqueEmail("guarded")));
    const refusals: [ApiResponse, number, string][] = [
      [await accept({ token, password: TEST_PASSWORD }, { token: agent.key }), 403, "forbidden"],
      [await accept({ token, password: TEST_PASSWORD }, { token: `tg_user_${"0".repeat(43)}` }), 401, "unauthorized"],
      [await accept({ token, password: TEST_PASSWORD }, { headers: { ...(await sessionHeaders(org.admin, org.orgId)), origin: "https://evil.example" } }), 403, "forbidden"],
    ];
    for (const [res, status, code] of refusals) {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    }
    expect((await accept({ token, password: TEST_PASSWORD })).status).toBe(201);
  });
});

describe("GET /invitations and DELETE /invitations/{id}", () => {
  it("are the org's own: another org's invitations are invisible and answer 404, and stay usable", async () => {
    const [orgA, orgB] = [await createTestOrg(), await createTestOrg()];
    const mine = await invite(orgA, uniqueEmail("mine"));
    const theirs = await invite(orgB, uniqueEmail("theirs"));
    const listed = await call("GET", "/api/v1/invitations", { token: orgA.admin.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { invitation_id: string }) => i.invitation_id)).toEqual([mine.body.invitation_id]);
    expect(JSON.stringify(listed.body)).not.toContain("tg_inv_");

    const foreign = await call("DELETE", `/api/v1/invitations/${theirs.body.invitation_id}`, { token: orgA.admin.token });
    const missing = await call("DELETE", "/api/v1/invitations/inv_00000000000000000000", { token: orgA.admin.token });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    expect(foreign.body).toEqual(missing.body);
    expect((await accept({ token: tokenOf(theirs), password: TEST_PASSWORD })).body.org_id).toBe(orgB.orgId);
  });

  it("are for admins only", async () => {
    const org = await createTestOrg();
    const publisher = await org.user("publisher");
    const invited = await invite(org, uniqueEmail("admins"));
    expect((await call("GET", "/api/v1/invitations", { token: publisher.token })).status).toBe(403);
    expect((await call("DELETE", `/api/v1/invitations/${invited.body.invitation_id}`, { token: publisher.token })).status).toBe(403);
    expect((await call("POST", "/api/v1/members", { token: publisher.token, body: { email: uniqueEmail("x"), role: "viewer" } })).status).toBe(403);
  });

  it("pages newest first with ?limit and ?cursor", async () => {
    const org = await createTestOrg();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await invite(org, uniqueEmail(`page${i}`))).body.invitation_id);
    // Distinct creation times, so the order is the creation order.
    for (const [i, id] of ids.entries()) await sqlExec("UPDATE invitations SET created_at = created_at - make_interval(mins => $2) WHERE id = $1", id, 10 - i);
    const first = await call("GET", "/api/v1/invitations?limit=2", { token: org.admin.token });
    expect(first.body.items.map((i: { invitation_id: string }) => i.invitation_id)).toEqual([ids[2], ids[1]]);
    const second = await call("GET", `/api/v1/invitations?limit=2&cursor=${first.body.next_cursor}`, { token: org.admin.token });
    expect(second.body).toEqual({ items: [expect.objectContaining({ invitation_id: ids[0] })], next_cursor: null });
  });
});
