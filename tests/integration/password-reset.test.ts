import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { confirmPasswordReset, startReset } from "../../lib/domain/auth/password-reset";
import { MAX_MAIL_ATTEMPTS, deliverAccountMails, heldMessage } from "../../lib/mail/outbox";
import { type TestOrg, type TestUser, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { sessionHeaders } from "../helpers/passkeys";
import { startSmtpSink } from "../helpers/smtp-sink";
import { sqlExec, sqlRows } from "../helpers/sql";

// Password reset (API.md) with its mail through a real SMTP server on loopback. The attacks: a
// token used twice, expired, guessed or left over from an earlier request; a session or a
// personal token from before the reset; an answer or a log line that tells which emails exist.

const ORIGIN = "http://localhost:3000";
const NEW_PASSWORD = "a brand new passphrase";
const OLD_PASSWORD = "correct horse battery staple";

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
beforeEach(() => {
  smtp.state.refuse = false;
});

const login = (email: string, password: string) => call("POST", "/api/v1/auth/token", { body: { email, password } });

/** Reset mails to `email` (its invitation was mailed too), waiting up to `ms` for at least `atLeast`. */
async function resetMails(email: string, atLeast = 1, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = smtp.received.filter((m) => m.to.includes(email) && m.subject === "Reset your Tollgate password");
    if (found.length >= atLeast || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Requests a reset for `user` and answers the token from the mail the SMTP server received. */
async function resetLink(user: { email: string }) {
  const before = (await resetMails(user.email, 0)).length;
  await startReset(user.email, ORIGIN);
  const mails = await resetMails(user.email, before + 1);
  expect(mails.length).toBe(before + 1);
  const mail = mails[mails.length - 1]!;
  const match = /http:\/\/localhost:3000\/reset-password#(tg_pwr_[0-9A-Za-z]+)/.exec(mail.text);
  expect(match, mail.text).not.toBeNull();
  return { mail, token: match![1]! };
}

describe("POST /auth/password-reset", () => {
  it("answers 202 with the same body for an account and for an email nobody has", async () => {
    const user = await org.user("viewer");
    const known = await call("POST", "/api/v1/auth/password-reset", { body: { email: user.email } });
    const unknown = await call("POST", "/api/v1/auth/password-reset", { body: { email: `nobody-${Date.now()}@example.test` } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    // The route answers before the lookup; its mail follows.
    expect((await resetMails(user.email)).length).toBe(1);
  });

  it("emails one link in plain text and HTML, from MAIL_FROM, and stores only its hash", async () => {
    const user = await org.user("viewer");
    const { mail, token } = await resetLink(user);
    expect(mail.subject).toBe("Reset your Tollgate password");
    expect(mail.from).toContain("tollgate@localhost");
    expect(mail.html).toContain(`/reset-password#${token}`);
    const rows = await sqlRows<{ token_hash: string }>("SELECT token_hash FROM password_resets WHERE user_id = $1", user.userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
    // The outbox kept the message sealed, and wiped it once sent.
    const outbox = await sqlRows<{ status: string; sealed_message: string | null }>("SELECT status, sealed_message FROM account_mails WHERE to_address = $1 AND kind = 'password_reset'", user.email);
    expect(outbox).toEqual([{ status: "sent", sealed_message: null }]);
  });

  it("refuses a body without an email (422), and sends nothing for a malformed one", async () => {
    expect((await call("POST", "/api/v1/auth/password-reset", { body: {} })).status).toBe(422);
    expect((await call("POST", "/api/v1/auth/password-reset", { body: { email: "x", extra: 1 } })).status).toBe(422);
  });
});

describe("POST /auth/password-reset/confirm", () => {
  let user: TestUser;
  beforeAll(async () => {
    user = await org.user("approver");
  });

  it("sets the password, ends older sessions and every personal token in every organization", async () => {
    const second = await createTestOrg();
    await second.join(user, "viewer");
    const secondToken = (await login(user.email, OLD_PASSWORD)).body.token as string;
    const before = await sessionHeaders(user, org.orgId, Date.now() - 1000);
    const legacy = await sessionHeaders(user, org.orgId, undefined as unknown as number);
    expect((await call("GET", "/api/v1/me", { token: user.token })).status).toBe(200);
    expect((await call("GET", "/api/v1/me", { headers: before })).status).toBe(200);

    const { token } = await resetLink(user);
    const res = await call("POST", "/api/v1/auth/password-reset/confirm", { body: { token, password: NEW_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ user_id: user.userId, reset: true });

    expect((await login(user.email, OLD_PASSWORD)).status).toBe(401);
    expect((await login(user.email, NEW_PASSWORD)).status).toBe(201);
    for (const old of [user.token, secondToken]) expect((await call("GET", "/api/v1/me", { token: old })).status).toBe(401);
    expect((await call("GET", "/api/v1/me", { headers: before })).status).toBe(401);
    // A session made before sessions carried their sign-in time counts no longer either.
    expect((await call("GET", "/api/v1/me", { headers: legacy })).status).toBe(401);
    // A session signed in after the reset works.
    expect((await call("GET", "/api/v1/me", { headers: await sessionHeaders(user, org.orgId, Date.now() + 1) })).status).toBe(200);
    // Both organizations' audit trails say so.
    for (const o of [org.orgId, second.orgId]) {
      const n = await sqlRows<{ n: number }>(
        "SELECT (SELECT count(*) FROM audit_pending WHERE org_id = $1 AND type = 'user.password_reset') + (SELECT count(*) FROM audit_events WHERE org_id = $1 AND type = 'user.password_reset') AS n",
        o,
      );
      expect(Number(n[0]!.n)).toBeGreaterThanOrEqual(1);
    }
  });

  it("is single-use, and the other links of the account die with the one used", async () => {
    const person = await org.user("viewer");
    const first = await resetLink(person);
    const second = await resetLink(person);
    expect((await call("POST", "/api/v1/auth/password-reset/confirm", { body: { token: second.token, password: NEW_PASSWORD } })).status).toBe(200);
    for (const token of [second.token, first.token]) {
      const again = await call("POST", "/api/v1/auth/password-reset/confirm", { body: { token, password: "someone else's choice" } });
      expect(again.status).toBe(410);
      expect(again.body.error.code).toBe("reset_token_invalid");
    }
    expect((await login(person.email, NEW_PASSWORD)).status).toBe(201);
  });

  it("refuses an expired link and a made-up one with 410, changing nothing", async () => {
    const person = await org.user("viewer");
    const { token } = await resetLink(person);
    await sqlExec("UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = $1", person.userId);
    for (const t of [token, `tg_pwr_${"A".repeat(43)}`]) {
      const res = await call("POST", "/api/v1/auth/password-reset/confirm", { body: { token: t, password: NEW_PASSWORD } });
      expect(res.status).toBe(410);
    }
    expect((await login(person.email, OLD_PASSWORD)).status).toBe(201);
    expect((await call("GET", "/api/v1/me", { token: person.token })).status).toBe(200);
  });

  it("refuses a short password (422) and keeps the link usable", async () => {
    const person = await org.user("viewer");
    const { token } = await resetLink(person);
    expect((await call("POST", "/api/v1/auth/password-reset/confirm", { body: { token, password: "short" } })).status).toBe(422);
    expect((await confirmPasswordReset(token, NEW_PASSWORD)).reset).toBe(true);
  });
});

describe("the account mail outbox", () => {
  it("retries a mail the SMTP server refuses, with backoff, and gives up after the last attempt", async () => {
    const person = await org.user("viewer");
    smtp.state.refuse = true;
    await startReset(person.email, ORIGIN);
    const [row] = await sqlRows<{ id: string; status: string; attempts: number; wait_s: number; last_error: string }>(
      "SELECT id, status, attempts, extract(epoch FROM next_attempt_at - now())::float8 AS wait_s, last_error FROM account_mails WHERE to_address = $1 AND kind = 'password_reset'",
      person.email,
    );
    expect(row).toMatchObject({ status: "queued", attempts: 1 });
    expect(row!.wait_s).toBeGreaterThan(20);
    expect(row!.last_error).toMatch(/550|mailbox unavailable/);
    await sqlExec(`UPDATE account_mails SET attempts = ${MAX_MAIL_ATTEMPTS - 1}, next_attempt_at = now() WHERE id = $1`, row!.id);
    await deliverAccountMails();
    expect((await sqlRows<{ status: string; sealed_message: string | null }>("SELECT status, sealed_message FROM account_mails WHERE id = $1", row!.id))[0]).toEqual({ status: "failed", sealed_message: null });

    // A refusal that clears sends on the next try.
    const other = await org.user("viewer");
    await startReset(other.email, ORIGIN);
    smtp.state.refuse = false;
    await sqlExec("UPDATE account_mails SET next_attempt_at = now() WHERE to_address = $1", other.email);
    await deliverAccountMails();
    expect((await resetMails(other.email)).length).toBe(1);
  });

  it("without SMTP_URL holds the mail: the log names it without its link, and the operator reads it with the CLI's heldMessage", async () => {
    const person = await org.user("viewer");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    delete process.env.SMTP_URL;
    let logged: string[];
    try {
      await startReset(person.email, ORIGIN);
    } finally {
      process.env.SMTP_URL = smtp.url;
      logged = log.mock.calls.map((c) => c.join(" "));
      log.mockRestore();
    }
    const [row] = await sqlRows<{ id: string; status: string }>("SELECT id, status FROM account_mails WHERE to_address = $1 AND kind = 'password_reset'", person.email);
    expect(row!.status).toBe("held");
    const lines = logged.filter((l) => l.includes(row!.id));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/tg_pwr_/);
    const message = await heldMessage(row!.id);
    expect(message?.text).toMatch(/reset-password#tg_pwr_/);
    expect(await resetMails(person.email, 1, 200)).toEqual([]);
  });
});
