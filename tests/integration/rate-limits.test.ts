import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { verifyLogin } from "../../lib/domain/auth/verify-login";
import { RateLimited, pruneRateLimits } from "../../lib/http/rate-limit";
import { sqlExec, sqlRows } from "../helpers/sql";

// Rate limits and the brute-force brake, with small limits set for this file's process. Counters
// live in PostgreSQL (shared by every instance; tests/e2e/two-instances.test.ts checks that across
// servers). Each test uses its own client address so the tests do not share windows.

process.env.RATE_LIMIT_PROPOSE_PER_MINUTE = "5";
process.env.RATE_LIMIT_PROPOSE_PER_IP_PER_MINUTE = "8";
process.env.RATE_LIMIT_TOKEN_PER_IP_PER_MINUTE = "6";
process.env.RATE_LIMIT_LOGIN_FAILURES = "3";
process.env.RATE_LIMIT_LOGIN_FAILURES_PER_IP = "12";
process.env.RATE_LIMIT_PASSKEY_OPTIONS_PER_IP_PER_MINUTE = "4";

const PASSWORD = "correct horse battery staple";
let org: TestOrg;

const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 4)}`;
const propose = (key: string, from: string, n: number) =>
  call("POST", "/api/v1/intents", { token: key, headers: { "x-forwarded-for": from }, body: { action: "email.send", payload: { n } } });
const login = (email: string, password: string, from: string) =>
  call("POST", "/api/v1/auth/token", { headers: { "x-forwarded-for": from }, body: { email, password } });

beforeAll(async () => {
  org = await createTestOrg();
  await org.setPolicy("version: 1\ndefault: allow\nrules: []\n");
});

function expectRateLimited(res: { status: number; body: any; headers: Headers }, limit: string) {
  expect(res.status).toBe(429);
  expect(res.body.error).toMatchObject({ code: "rate_limited", details: { limit } });
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(res.body.error.details.window_seconds);
  expect(res.body.error.details.retry_after_seconds).toBe(retryAfter);
}

describe("propose limits", () => {
  it("refuses an agent key past its limit with 429 and Retry-After, writing nothing; other keys go on", async () => {
    const [agent, other] = [await org.agent(), await org.agent()];
    const from = address();
    for (let n = 0; n < 5; n++) expect((await propose(agent.key, from, n)).status).toBe(201);
    const before = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM intents WHERE agent_id = $1", agent.id);
    expectRateLimited(await propose(agent.key, from, 5), "propose_key");
    const after = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM intents WHERE agent_id = $1", agent.id);
    expect(after[0]?.n).toBe(before[0]?.n);
    expect((await propose(other.key, from, 0)).status).toBe(201);
  });

  it("limits all keys proposing from one address together", async () => {
    const agents = [await org.agent(), await org.agent(), await org.agent()];
    const from = address();
    const statuses: number[] = [];
    for (let n = 0; n < 9; n++) statuses.push((await propose((agents[n % 3] as { key: string }).key, from, n)).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(201));
    expect(statuses[8]).toBe(429);
    const elsewhere = await propose((agents[0] as { key: string }).key, address(), 99);
    expect(elsewhere.status).toBe(201);
  });
  it("counts a request against the address only when the key's limit admitted it (both are one statement)", async () => {
    const [agent, other] = [await org.agent(), await org.agent()];
    const from = address();
    for (let n = 0; n < 5; n++) expect((await propose(agent.key, from, n)).status).toBe(201);
    // Refused by the key's limit: these must not use up the address's remaining 3.
    for (let n = 0; n < 3; n++) expectRateLimited(await propose(agent.key, from, 5 + n), "propose_key");
    for (let n = 0; n < 3; n++) expect((await propose(other.key, from, n)).status).toBe(201);
    expectRateLimited(await propose(other.key, from, 3), "propose_ip");
  });
});

describe("token endpoint", () => {
  it("limits logins per address", async () => {
    const from = address();
    for (let n = 0; n < 6; n++) expect((await login(org.admin.email, PASSWORD, from)).status).toBe(201);
    expectRateLimited(await login(org.admin.email, PASSWORD, from), "token_ip");
  });

  it("slows password guessing: after 3 failures from an address even the right password is refused there", async () => {
    const user = await org.user("viewer");
    const from = address();
    for (let n = 0; n < 3; n++) expect((await login(user.email, `wrong-${n}`, from)).body.error.code).toBe("invalid_credentials");
    expectRateLimited(await login(user.email, PASSWORD, from), "login_backoff");
    // The owner, elsewhere, still gets in.
    expect((await login(user.email, PASSWORD, address())).status).toBe(201);
  });

  it("stores no email in the counters", async () => {
    const rows = await sqlRows<{ key: string }>("SELECT key FROM rate_limit_counters WHERE key LIKE 'login_%'");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.key.includes("@"))).toBe(false);
  });
});

// Issue 14, 11d: the brake used to count failures per email from anywhere too, so anyone could
// lock every approver out by failing on purpose at their emails. Now it is keyed on email and
// address (exponential backoff), plus a per-address cap over all emails against spraying.
describe("login brake without lockouts", () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const attempt = (email: string, password: string, from: string) =>
    verifyLogin(email, password, from).then(
      (user) => (user ? "ok" : "wrong"),
      (error) => {
        if (error instanceof RateLimited) return `wait ${error.retryAfterSeconds}`;
        throw error;
      },
    );

  it("never lets failures from other addresses lock the owner out from theirs, and treats unknown emails alike", async () => {
    const victim = await org.user("approver");
    // A handful of attacker addresses, each failing as often as it is let (more than 30 in all,
    // the old per-email cap from anywhere).
    for (let a = 0; a < 12; a++) {
      const attacker = address();
      const statuses: number[] = [];
      for (let n = 0; n < 5; n++) statuses.push((await login(victim.email, `guess-${a}-${n}`, attacker)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    }
    // The victim, from their own address, signs in at once.
    expect((await login(victim.email, PASSWORD, address())).status).toBe(201);
    // An unknown email gets exactly the same treatment (no oracle).
    const unknown = `nobody-${randomUUID().slice(0, 6)}@example.test`;
    const from = address();
    const unknownStatuses: number[] = [];
    for (let n = 0; n < 4; n++) unknownStatuses.push((await login(unknown, `guess-${n}`, from)).status);
    expect(unknownStatuses).toEqual([401, 401, 401, 429]);
  });

  it("doubles the wait after each further failure from the same address, and a success forgets them", async () => {
    const user = await org.user("viewer");
    const from = address();
    expect([await attempt(user.email, "a", from), await attempt(user.email, "b", from), await attempt(user.email, "c", from)]).toEqual(["wrong", "wrong", "wrong"]);
    expect(await attempt(user.email, PASSWORD, from)).toBe("wait 1");
    await sleep(1100);
    expect(await attempt(user.email, "d", from)).toBe("wrong");
    expect(await attempt(user.email, PASSWORD, from)).toBe("wait 2");
    await sleep(2100);
    expect(await attempt(user.email, "e", from)).toBe("wrong");
    expect(await attempt(user.email, PASSWORD, from)).toBe("wait 4");
    await sleep(4100);
    expect(await attempt(user.email, PASSWORD, from)).toBe("ok");
    // Forgotten: three free failures again.
    expect([await attempt(user.email, "f", from), await attempt(user.email, "g", from), await attempt(user.email, "h", from)]).toEqual(["wrong", "wrong", "wrong"]);
    expect(await attempt(user.email, PASSWORD, from)).toBe("wait 1");
  }, 20_000);

  it("admits concurrent guesses one at a time: a burst gets only the free attempts through", async () => {
    const user = await org.user("viewer");
    const from = address();
    const results = await Promise.all(Array.from({ length: 10 }, (_, n) => attempt(user.email, `burst-${n}`, from)));
    expect(results.filter((r) => r === "wrong")).toHaveLength(3);
    expect(results.filter((r) => r.startsWith("wait"))).toHaveLength(7);
  });

  it("caps failures per address over all emails (spraying), without touching other addresses", async () => {
    const user = await org.user("viewer");
    const sprayer = address();
    for (let n = 0; n < 12; n++) expect(await attempt(`sprayed-${n}-${randomUUID().slice(0, 4)}@example.test`, "Summer2026!", sprayer)).toBe("wrong");
    const refused = await login(user.email, PASSWORD, sprayer);
    expectRateLimited(refused, "login_fail_ip");
    expect(await attempt(user.email, PASSWORD, address())).toBe("ok");
  });
});

describe("passkey sign-in options", () => {
  it("are limited per client address, and other addresses go on", async () => {
    const from = address();
    const options = (at: string) => call("POST", "/api/v1/auth/passkey", { headers: { "x-forwarded-for": at }, body: {} });
    for (let n = 0; n < 4; n++) expect((await options(from)).status).toBe(200);
    expectRateLimited(await options(from), "passkey_ip");
    expect((await options(address())).status).toBe(200);
  });
});

describe("housekeeping", () => {
  it("prunes the state of subjects idle for a day, and only those", async () => {
    await sqlExec("INSERT INTO rate_limit_counters (key, tat, allowed) VALUES ('test:idle', now() - interval '2 days', true), ('test:recent', now(), true)");
    await pruneRateLimits();
    const rows = await sqlRows<{ key: string }>("SELECT key FROM rate_limit_counters WHERE key LIKE 'test:%' ORDER BY key");
    expect(rows.map((r) => r.key)).toEqual(["test:recent"]);
  });
});
