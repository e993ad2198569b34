import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg, type TestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { pruneRateLimits } from "../../lib/http/rate-limit";
import { sqlExec, sqlRows } from "../helpers/sql";

// Rate limits and the brute-force brake, with small limits set for this file's process. Counters
// live in PostgreSQL (shared by every instance; tests/e2e/two-instances.test.ts checks that across
// servers). Each test uses its own client address so the tests do not share windows.

process.env.RATE_LIMIT_PROPOSE_PER_MINUTE = "5";
process.env.RATE_LIMIT_PROPOSE_PER_IP_PER_MINUTE = "8";
process.env.RATE_LIMIT_TOKEN_PER_IP_PER_MINUTE = "6";
process.env.RATE_LIMIT_LOGIN_FAILURES = "3";
process.env.RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL = "5";

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
    expectRateLimited(await login(user.email, PASSWORD, from), "login_fail_ip");
    // The owner, elsewhere, still gets in.
    expect((await login(user.email, PASSWORD, address())).status).toBe(201);
  });

  it("caps failures per email across addresses, without revealing whether the email exists", async () => {
    const user = await org.user("viewer");
    for (let n = 0; n < 5; n++) expect((await login(user.email, `wrong-${n}`, address())).status).toBe(401);
    expectRateLimited(await login(user.email, PASSWORD, address()), "login_fail_email");
    const unknown = `nobody-${randomUUID().slice(0, 6)}@example.test`;
    for (let n = 0; n < 5; n++) expect((await login(unknown, `wrong-${n}`, address())).status).toBe(401);
    expectRateLimited(await login(unknown, PASSWORD, address()), "login_fail_email");
  });

  it("stores no email in the counters", async () => {
    const rows = await sqlRows<{ key: string }>("SELECT key FROM rate_limit_counters WHERE key LIKE 'login_fail%'");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.key.includes("@"))).toBe(false);
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
