import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextAuthSecret } from "../../lib/auth/next-auth-options";
import type { ApiResponse } from "../helpers/api";
import { type ParamKind, type RouteEntry, callerToken, pathFor, routeEntries } from "../helpers/route-table";
import { APP_ORIGIN } from "../helpers/passkeys";
import { type SeededOrg, expectError, fingerprint, seedOrg, send, withoutWrites } from "../helpers/two-orgs";
import { ROLES, type Role } from "../../lib/roles";

// Who may call what, and with whose ids. Org A's callers use org B's ids on every route: each
// answer is exactly the answer for an id that does not exist, and nothing of either org changes.
// Missing or foreign credentials are 401, the wrong kind of caller or too low a role 403.

const ENTRIES = (await routeEntries()).filter((e) => e.spec);
const withIds = ENTRIES.filter((e) => e.spec!.params);
const authenticated = ENTRIES.filter((e) => e.spec!.caller !== "public");
const reads = ENTRIES.filter((e) => e.method === "GET");

/** Well-formed ids of each kind that exist nowhere. */
const NONEXISTENT: Record<ParamKind, string> = {
  pendingIntent: "int_00000000000000000000",
  allowedIntent: "int_00000000000000000001",
  agent: "agt_00000000000000000000",
  member: "usr_00000000000000000000",
  token: "pat_00000000000000000000",
  lease: "lse_00000000000000000000",
  passkey: "pk_00000000000000000000",
  review: "rev_00000000000000000000",
  webhook: "whk_00000000000000000000",
  delivery: "whd_00000000000000000000",
};

let A: SeededOrg;
let B: SeededOrg;
let atStart: Awaited<ReturnType<typeof fingerprint>>;

beforeAll(async () => {
  [A, B] = [await seedOrg(), await seedOrg()];
  atStart = await fingerprint([A, B]);
});

afterAll(async () => {
  expect(await fingerprint([A, B])).toEqual(atStart);
});

type Caller = "agent" | Role;
const tokenOf = (org: SeededOrg, who: Caller) => (who === "agent" ? org.agent.key : org[who].token);

/** Org A's callers a route admits: both kinds for "any", and for member routes the admin and the least role allowed. */
function admittedCallers(entry: RouteEntry): Caller[] {
  const { caller, role } = entry.spec!;
  if (caller === "agent") return ["agent"];
  if (caller === "any") return ["agent", "admin"];
  return role && role !== "admin" ? ["admin", role] : ["admin"];
}

function bodyFor(entry: RouteEntry, org: SeededOrg): string | undefined {
  const body = entry.spec!.valid?.(org);
  return body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
}

const contentType = (entry: RouteEntry) => (entry.spec!.body === "policy" ? "application/yaml" : "application/json");

/** The response with the given ids masked, so a foreign id's answer can be compared with a missing one's. */
function masked(res: ApiResponse, ids: string[]): unknown {
  let text = JSON.stringify(res.body);
  for (const id of ids) text = text.split(id).join("<id>");
  return { status: res.status, body: JSON.parse(text) };
}

/**
 * Sends as org A's caller, asserting that no row of either org changed: with the caller's token,
 * or with the caller's dashboard session when `session` is set (sessionOnly routes).
 */
function sendAs(who: Caller, method: RouteEntry["method"], path: string, body?: string, type = "application/json", session = false) {
  const headers: Record<string, string> = body === undefined ? {} : { "content-type": type };
  const auth = session && who !== "agent" ? { headers: { ...A.sessions[who], ...headers } } : { token: tokenOf(A, who), headers };
  return withoutWrites([A, B], () => send(method, path, { body, ...auth }));
}

describe.each(withIds.map((e) => [e.key, e] as const))("%s with org B's ids", (_key, entry) => {
  it.each(admittedCallers(entry).map((c) => [c]))("as org A's %s: 404 not_found, the same answer as a nonexistent id", async (who) => {
    // The body is valid for org B's rows (for execute: B's real execution token and payload hash).
    const body = bodyFor(entry, B);
    const session = Boolean(entry.spec!.sessionOnly);
    const foreign = await sendAs(who, entry.method, pathFor(entry, B), body, contentType(entry), session);
    const missing = await sendAs(who, entry.method, pathFor(entry, B, NONEXISTENT), body, contentType(entry), session);
    expectError(foreign, 404, "not_found", `${who} → ${entry.key} (org B's id)`);
    expectError(missing, 404, "not_found", `${who} → ${entry.key} (nonexistent id)`);
    expect(masked(foreign, Object.values(B.ids))).toEqual(masked(missing, Object.values(NONEXISTENT)));
  });
});

describe("org B's ids inside bodies and filters", () => {
  it("POST /api/v1/intents resuming org B's intent: 404 not_found, as for a nonexistent one", async () => {
    const propose = (resumes: string) =>
      sendAs("agent", "POST", "/api/v1/intents", JSON.stringify({ action: "bad.allow", stage: "resume", resumes }));
    const foreign = await propose(B.ids.pendingIntent);
    const missing = await propose(NONEXISTENT.pendingIntent);
    expectError(foreign, 404, "not_found");
    expect(masked(foreign, [B.ids.pendingIntent])).toEqual(masked(missing, [NONEXISTENT.pendingIntent]));
  });

  it("POST /api/v1/intents under org B's lease: 404 not_found, as for a nonexistent one", async () => {
    const propose = (leaseId: string) =>
      sendAs("agent", "POST", "/api/v1/intents", JSON.stringify({ action: "email.send", destination: "mail.example.com", lease_id: leaseId }));
    const foreign = await propose(B.ids.lease);
    const missing = await propose(NONEXISTENT.lease);
    expectError(foreign, 404, "not_found");
    expect(masked(foreign, [B.ids.lease])).toEqual(masked(missing, [NONEXISTENT.lease]));
  });

  it("POST /api/v1/leases/{id}/delegate to org B's agent: 404 not_found, as for a nonexistent one", async () => {
    const delegate = (agent: string) =>
      sendAs("agent", "POST", `/api/v1/leases/${A.ids.lease}/delegate`, JSON.stringify({ agent, capabilities: ["email.send"], ttl: "1h" }));
    for (const agent of [B.agent.id, B.agent.name, B.helperAgent.name]) {
      const foreign = await delegate(agent);
      const missing = await delegate(NONEXISTENT.agent);
      expectError(foreign, 404, "not_found", agent);
      expect(masked(foreign, [agent])).toEqual(masked(missing, [NONEXISTENT.agent]));
    }
  });

  it("POST /api/v1/policy/simulate with org B's intent: 404 not_found, as for a nonexistent one", async () => {
    for (const who of ["admin", "viewer"] as const) {
      const simulate = (id: string) =>
        sendAs(who, "POST", "/api/v1/policy/simulate", JSON.stringify({ policy: "version: 1\ndefault: allow\n", intents: [id] }));
      const foreign = await simulate(B.ids.pendingIntent);
      const missing = await simulate(NONEXISTENT.pendingIntent);
      expectError(foreign, 404, "not_found", who);
      expect(masked(foreign, [B.ids.pendingIntent])).toEqual(masked(missing, [NONEXISTENT.pendingIntent]));
    }
  });

  // The batch answers per item by contract: the request succeeds, the foreign item fails as not_found.
  it("POST /api/v1/approvals/batch with org B's intents: each item not_found, as for nonexistent ones", async () => {
    for (const who of ["admin", "approver"] as const) {
      const batch = (ids: string[]) =>
        sendAs(who, "POST", "/api/v1/approvals/batch", JSON.stringify({ intent_ids: ids, decision: "approve", reason: "ok" }));
      const foreignIds = [B.ids.pendingIntent, B.ids.allowedIntent];
      const foreign = await batch(foreignIds);
      const missingIds = [NONEXISTENT.pendingIntent, NONEXISTENT.allowedIntent];
      const missing = await batch(missingIds);
      expect(foreign.status).toBe(200);
      expect(foreign.body).toMatchObject({ succeeded: 0, failed: 2 });
      for (const item of foreign.body.items) expect(item).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(masked(foreign, foreignIds)).toEqual(masked(missing, missingIds));
    }
  });

  it("POST /api/v1/auth/token for org B with org A's credentials: 401 invalid_credentials, as for a nonexistent org", async () => {
    const login = (orgId: string) =>
      withoutWrites([A, B], () =>
        send("POST", "/api/v1/auth/token", { body: JSON.stringify({ email: A.admin.email, password: A.password, org_id: orgId }) }),
      );
    const foreign = await login(B.orgId);
    const missing = await login("org_00000000000000000000");
    expectError(foreign, 401, "invalid_credentials");
    expect(masked(foreign, [B.orgId])).toEqual(masked(missing, ["org_00000000000000000000"]));
  });

  it.each([
    ["agent", "/api/v1/intents?agent="],
    ["admin", "/api/v1/intents?agent="],
    ["admin", "/api/v1/approvals?include_resolved=true&agent="],
  ] as const)("as org A's %s, %s<org B's agent> lists nothing, as for a nonexistent agent", async (who, path) => {
    for (const agent of [B.agent.id, B.agent.name]) {
      const foreign = await sendAs(who, "GET", `${path}${encodeURIComponent(agent)}`);
      const missing = await sendAs(who, "GET", `${path}${NONEXISTENT.agent}`);
      expect(foreign.status).toBe(200);
      expect(foreign.body).toEqual({ items: [], next_cursor: null });
      expect(foreign.body).toEqual(missing.body);
    }
  });

  it("GET /api/v1/metrics?agent=<org B's agent> counts nothing, as for a nonexistent agent", async () => {
    // A window around now, where org A's seeded intents lie.
    const window = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
    expect((await sendAs("admin", "GET", `/api/v1/metrics?${window}`)).body.intents).toBeGreaterThan(0);
    for (const who of ["admin", "viewer"] as const) {
      const missing = await sendAs(who, "GET", `/api/v1/metrics?${window}&agent=${NONEXISTENT.agent}`);
      for (const agent of [B.agent.id, B.agent.name]) {
        const foreign = await sendAs(who, "GET", `/api/v1/metrics?${window}&agent=${encodeURIComponent(agent)}`);
        expect(foreign.status).toBe(200);
        expect(foreign.body.intents).toBe(0);
        expect(foreign.body).toEqual(missing.body);
      }
    }
  });
});

describe("reads", () => {
  it.each(reads.map((e) => [e.key, e] as const))("%s shows org A's callers nothing of org B", async (_key, entry) => {
    const secrets = [B.orgId, B.marker, B.agent.id, B.agent.name, B.admin.userId, B.admin.email, ...Object.values(B.ids)];
    for (const who of admittedCallers(entry)) {
      const res = await sendAs(who, entry.method, pathFor(entry, A));
      expect(res.status, `${who} → ${JSON.stringify(res.body).slice(0, 200)}`).toBe(200);
      const text = JSON.stringify(res.body);
      for (const secret of secrets) expect(text.includes(secret), `${who} saw ${secret}`).toBe(false);
    }
  });
});

describe.each(authenticated.map((e) => [e.key, e] as const))("%s credentials", (_key, entry) => {
  const attempt = (authorization: string | undefined, extra: Record<string, string> = {}) => {
    const body = bodyFor(entry, A);
    const headers: Record<string, string> = body === undefined ? { ...extra } : { "content-type": contentType(entry), ...extra };
    if (authorization !== undefined) headers.authorization = authorization;
    return withoutWrites([A, B], () => send(entry.method, pathFor(entry, A), { headers, body }));
  };
  const sessionCookie = (jwt: string) => ({ cookie: `next-auth.session-token=${jwt}`, origin: APP_ORIGIN });

  it("answers a missing, malformed or unknown bearer token with 401 unauthorized", async () => {
    const rightful = callerToken(entry.spec!, A);
    const unknown = (prefix: string) => `Bearer ${prefix}${"0".repeat(43)}`;
    for (const header of [
      undefined,
      "",
      "Bearer",
      "Bearer ",
      "Bearer garbage",
      `Basic ${Buffer.from("admin:password").toString("base64")}`,
      rightful,
      `Token ${rightful}`,
      `Bearer ${rightful} extra`,
      `Bearer ${rightful.toUpperCase()}`,
      `Bearer ${rightful}x`,
      unknown("tg_user_"),
      unknown("tg_agent_"),
      `Bearer ${A.exec.token}`,
    ]) {
      expectError(await attempt(header), 401, "unauthorized", JSON.stringify(header));
    }
  });

  it("answers a forged, foreign-signed or membership-less session cookie with 401 unauthorized", async () => {
    const claims = { uid: A.admin.userId, orgId: A.orgId };
    for (const [what, jwt] of [
      ["garbage", "garbage"],
      ["signed with another secret", await encode({ token: claims, secret: "not-the-server-secret-not-the-server-secret" })],
      ["org B's admin claiming org A", await encode({ token: { uid: B.admin.userId, orgId: A.orgId }, secret: nextAuthSecret() })],
      ["no org", await encode({ token: { uid: A.admin.userId }, secret: nextAuthSecret() })],
      ["expired", await encode({ token: claims, secret: nextAuthSecret(), maxAge: -60 })],
    ] as const) {
      expectError(await attempt(undefined, sessionCookie(jwt)), 401, "unauthorized", what);
    }
  });

  const { caller, role } = entry.spec!;
  if (caller === "agent" || caller === "user") {
    it(`answers a ${caller === "agent" ? "member token" : "agent key"} with 403 forbidden`, async () => {
      const wrongKind = caller === "agent" ? [A.admin.token, A.viewer.token] : [A.agent.key];
      for (const token of wrongKind) expectError(await attempt(`Bearer ${token}`), 403, "forbidden");
    });
  }

  const below = role ? ROLES.slice(0, ROLES.indexOf(role)) : [];
  if (below.length > 0) {
    it(`answers members below ${role} (${below.join(", ")}) with 403 forbidden, by token and by session`, async () => {
      for (const lower of below) {
        expectError(await attempt(`Bearer ${tokenOf(A, lower as Caller)}`), 403, "forbidden", lower);
        expectError(await attempt(undefined, A.sessions[lower]), 403, "forbidden", `${lower} session`);
      }
    });
  }

  const { sessionOnly } = entry.spec!;
  if (sessionOnly) {
    it(`answers member tokens, even the admin's, with 403 ${sessionOnly}: only a dashboard session may call it`, async () => {
      for (const who of ["admin", role ?? "viewer"] as const) {
        expectError(await attempt(`Bearer ${tokenOf(A, who)}`), 403, sessionOnly, who);
      }
    });
  }

  if (entry.method !== "GET") {
    it("answers a session write from another site (no Origin, a foreign one) with 403 forbidden", async () => {
      for (const origin of [undefined, "https://evil.example", "http://localhost:3001"]) {
        const headers: Record<string, string> = { cookie: A.sessions.admin.cookie };
        if (origin) headers.origin = origin;
        expectError(await attempt(undefined, headers), 403, "forbidden", String(origin));
      }
    });
  }
});

describe("after all of the above", () => {
  it("both audit chains still verify and no row of either org changed", async () => {
    for (const org of [A, B]) {
      const res = await send("GET", "/api/v1/audit/verify", { token: org.admin.token });
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
    }
    expect(await fingerprint([A, B])).toEqual(atStart);
  });
});
