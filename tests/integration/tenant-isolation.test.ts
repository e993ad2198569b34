import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextAuthSecret } from "../../lib/auth/next-auth-options";
import type { ApiResponse } from "../helpers/api";
import { type IdRef, type ParamKind, ROUTE_TABLE, type RouteCase, type RouteEntry, callerToken, pathFor, pathWith, routeEntries } from "../helpers/route-table";
import { APP_ORIGIN } from "../helpers/passkeys";
import { type SeededOrg, expectError, fingerprint, seedOrg, send, withoutWrites } from "../helpers/two-orgs";
import { ROLES, type Role } from "../../lib/roles";

// Who may call what, and with whose ids. Generated from the route list: every route that takes
// an id — in its path (ROUTE_TABLE params) or in its body or query (ROUTE_TABLE refs) — gets
// org B's real ids from every kind of org A caller that may call it (the agent key, a token and a
// dashboard session of every member role allowed), and each answer is exactly the answer for an
// id that does not exist (and for a random one), leaks nothing of org B, and writes nothing.
// Missing or foreign credentials are 401, the wrong kind of caller or too low a role 403.

const ALL = await routeEntries();
const ENTRIES = ALL.filter((e) => e.spec);
const withIds = ENTRIES.filter((e) => e.spec!.params);
const authenticated = ENTRIES.filter((e) => e.spec!.caller !== "public");
const reads = ENTRIES.filter((e) => e.method === "GET");
const refsOf = (e: RouteEntry) => e.spec!.refs ?? [];
const withBodyRefs = ENTRIES.filter((e) => refsOf(e).some((r) => !r.at.startsWith("?")));
const withQueryRefs = ENTRIES.filter((e) => refsOf(e).some((r) => r.at.startsWith("?")));

/** Well-formed ids of each kind that exist nowhere. */
const NONEXISTENT: Record<ParamKind, string> = {
  pendingIntent: "int_00000000000000000000",
  allowedIntent: "int_00000000000000000001",
  executedIntent: "int_00000000000000000002",
  agent: "agt_00000000000000000000",
  member: "usr_00000000000000000000",
  token: "pat_00000000000000000000",
  lease: "lse_00000000000000000000",
  passkey: "pk_00000000000000000000",
  review: "rev_00000000000000000000",
  webhook: "whk_00000000000000000000",
  delivery: "whd_00000000000000000000",
  invitation: "inv_00000000000000000000",
  group: "no-such-group",
  notification: "ntf_00000000000000000000",
};
/** An id of no known shape at all: the answer to org B's ids must not differ from its answer either. */
const RANDOM_ID = "Zq9-not-an-id-7Wx";

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

type Who = "agent" | Role;
const tokenOf = (org: SeededOrg, who: Who) => (who === "agent" ? org.agent.key : org[who].token);

/** One of org A's callers: the agent's key, or a member's token or dashboard session. */
interface Caller {
  who: Who | "anyone";
  via: "key" | "token" | "session" | "nothing";
}
const label = (c: Caller) => (c.via === "nothing" ? "anonymous caller" : `${c.who} ${c.via}`);

/**
 * Every kind of org A caller the route admits: its agent key; for member routes a token and a
 * dashboard session of each role from the route's minimum up (only the session where the route
 * is session-only); nobody in particular for public routes.
 */
function callersOf(spec: RouteCase): Caller[] {
  if (spec.caller === "public") return [{ who: "anyone", via: "nothing" }];
  const callers: Caller[] = spec.caller === "user" ? [] : [{ who: "agent", via: "key" }];
  if (spec.caller === "agent") return callers;
  for (const role of ROLES.slice(ROLES.indexOf(spec.role ?? "viewer"))) {
    if (!spec.sessionOnly) callers.push({ who: role, via: "token" });
    callers.push({ who: role, via: "session" });
  }
  return callers;
}

function bodyFor(entry: RouteEntry, org: SeededOrg): string | undefined {
  const body = entry.spec!.valid?.(org);
  return body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
}

const contentType = (entry: RouteEntry) => (entry.spec!.body === "policy" ? "application/yaml" : "application/json");

/**
 * The response with the given ids masked, so a foreign id's answer can be compared with a missing
 * one's; so are timestamps, which differ between two calls (a metrics window ends "now").
 */
function masked(res: ApiResponse, ids: string[]): unknown {
  let text = JSON.stringify(res.body);
  for (const id of ids) text = text.split(JSON.stringify(id).slice(1, -1)).join("<id>");
  text = text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, "<time>");
  return { status: res.status, body: JSON.parse(text) };
}

/** Everything of org B an answer to org A must not contain. */
const secretsOfB = () => [B.orgId, B.marker, B.agent.id, B.agent.name, B.helperAgent.id, B.helperAgent.name, B.admin.userId, B.admin.email, ...Object.values(B.ids)];

/** `echoed`: what the caller itself sent, which an answer may repeat ("int_… not found"). */
function expectNothingOfB(res: ApiResponse, context: string, echoed: string[] = []): void {
  const text = JSON.stringify(res.body);
  for (const secret of secretsOfB().filter((s) => !echoed.includes(s))) expect(text.includes(secret), `${context} shows org B's ${secret}`).toBe(false);
}

/** Sends as org A's caller, asserting that no row of either org changed. */
function sendAs(caller: Caller, method: RouteEntry["method"], path: string, body?: string, type = "application/json") {
  const headers: Record<string, string> = body === undefined ? {} : { "content-type": type };
  const auth =
    caller.via === "session" && caller.who !== "agent" && caller.who !== "anyone"
      ? { headers: { ...A.sessions[caller.who], ...headers } }
      : caller.via === "nothing"
        ? { headers }
        : { token: tokenOf(A, caller.who as Who), headers };
  return withoutWrites([A, B], () => send(method, path, { body, ...auth }));
}

/**
 * The three answers must be one: to org B's id, to a well-formed id that exists nowhere, and to
 * a random string. The refusal is 404 not_found unless the route says otherwise.
 */
function expectSameAsNonexistent(
  answers: { foreign: ApiResponse; missing: ApiResponse; random: ApiResponse },
  ids: { foreign: string; missing: string },
  context: string,
  refusal: IdRef["refusal"] | "list" = undefined,
): void {
  const { foreign, missing, random } = answers;
  if (refusal === "list") expect(foreign.status, `${context} → ${JSON.stringify(foreign.body).slice(0, 200)}`).toBe(200);
  else if (refusal === "per_item") {
    expect(foreign.status, context).toBe(200);
    for (const item of foreign.body.items) expect(item, context).toMatchObject({ ok: false, error: { code: "not_found" } });
  } else if (refusal) expectError(foreign, refusal.status, refusal.code, context);
  else expectError(foreign, 404, "not_found", context);
  expectNothingOfB(foreign, context, [ids.foreign]);
  expect(masked(foreign, [ids.foreign]), `${context}: org B's id vs one that does not exist`).toEqual(masked(missing, [ids.missing]));
  expect(masked(foreign, [ids.foreign]), `${context}: org B's id vs a random one`).toEqual(masked(random, [RANDOM_ID]));
}

describe("coverage", () => {
  it("has a ROUTE_TABLE entry for every method of every route file: a new route fails here until it is covered", () => {
    expect(ALL.filter((e) => !e.spec).map((e) => e.key), "add these to tests/helpers/route-table.ts").toEqual([]);
    expect(Object.keys(ROUTE_TABLE).filter((key) => !ALL.some((e) => e.key === key))).toEqual([]);
  });

  it("knows the ids every body and query names (refs), so a new route with one is checked for leaks", () => {
    const undeclared = ENTRIES.filter((e) => (e.spec!.body || e.spec!.query) && !Array.isArray(e.spec!.refs)).map((e) => e.key);
    expect(undeclared, "declare `refs` (or `refs: []`) in tests/helpers/route-table.ts").toEqual([]);
    for (const entry of ENTRIES) {
      for (const ref of refsOf(entry)) {
        if (ref.at.startsWith("?")) expect(entry.method, `${entry.key} ${ref.at}`).toBe("GET");
        else expect(() => setAt(entry.spec!.valid!(A), ref.at, "x"), `${entry.key} ${ref.at}`).not.toThrow();
      }
    }
  });
});

describe.each(withIds.map((e) => [e.key, e] as const))("%s with org B's ids in its path", (_key, entry) => {
  it.each(callersOf(entry.spec!).map((c) => [label(c), c] as const))("as org A's %s: 404 not_found, the same answer as a nonexistent id", async (_label, caller) => {
    // The body is valid for org B's rows (for execute: B's real execution token and payload hash).
    const body = bodyFor(entry, B);
    for (const [segment, kind] of Object.entries(entry.spec!.params!)) {
      const at = (id: string) => sendAs(caller, entry.method, pathWith(entry, A, { [segment]: id }), body, contentType(entry));
      const answers = { foreign: await at(B.ids[kind]), missing: await at(NONEXISTENT[kind]), random: await at(RANDOM_ID) };
      expectSameAsNonexistent(answers, { foreign: B.ids[kind], missing: NONEXISTENT[kind] }, `${label(caller)} → ${entry.key} [${segment}] = org B's ${kind}`);
    }
  });
});

/** Org B's values of a reference's kind, and a well-formed one that exists nowhere. */
function valuesOf(kind: IdRef["kind"]): { foreign: string[]; missing: string } {
  if (kind === "org") return { foreign: [B.orgId], missing: "org_00000000000000000000" };
  if (kind === "agentName") return { foreign: [B.agent.name, B.helperAgent.name], missing: "no-such-agent-000" };
  return { foreign: [B.ids[kind]], missing: NONEXISTENT[kind] };
}

/** A copy of `body` with the value at a dotted path ("intent_ids.0") replaced. */
function setAt(body: unknown, at: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body) as Record<string, unknown>;
  const keys = at.split(".");
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== "object") throw new Error(`no object at ${key} of ${at}`);
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
  return copy;
}

describe.each(withBodyRefs.map((e) => [e.key, e] as const))("%s with org B's ids in its body", (key, entry) => {
  const cases = refsOf(entry)
    .filter((r) => !r.at.startsWith("?"))
    .flatMap((ref) => callersOf(entry.spec!).map((c) => [`${ref.at} = org B's ${ref.kind}`, label(c), ref, c] as const));
  it.each(cases)("%s, as org A's %s: the answer to an id that does not exist", async (_ref, _label, ref, caller) => {
    const { foreign, missing } = valuesOf(ref.kind);
    const post = (id: string) => sendAs(caller, entry.method, pathFor(entry, A), JSON.stringify(setAt({ ...(entry.spec!.valid!(A) as object), ...ref.with }, ref.at, id)));
    for (const id of foreign) {
      const answers = { foreign: await post(id), missing: await post(missing), random: await post(RANDOM_ID) };
      expectSameAsNonexistent(answers, { foreign: id, missing }, `${label(caller)} → ${key} ${ref.at}=${id}`, ref.refusal);
    }
  });
});

describe.each(withQueryRefs.map((e) => [e.key, e] as const))("%s filtered by org B's ids", (key, entry) => {
  const cases = refsOf(entry)
    .filter((r) => r.at.startsWith("?"))
    .flatMap((ref) => callersOf(entry.spec!).map((c) => [`${ref.at}= org B's ${ref.kind}`, label(c), ref, c] as const));
  it.each(cases)("%s, as org A's %s: nothing of org B, the answer to an id that does not exist", async (_ref, _label, ref, caller) => {
    const { foreign, missing } = valuesOf(ref.kind);
    const get = (id?: string) => sendAs(caller, "GET", `${pathFor(entry, A)}${id === undefined ? "" : `${ref.at}=${encodeURIComponent(id)}`}`);
    // The filter matters: org A's caller sees rows of org A without it, none with an unknown id.
    expect(masked(await get(), []), `${label(caller)} → ${key} sees org A's rows unfiltered`).not.toEqual(masked(await get(missing), [missing]));
    for (const id of foreign) {
      const answers = { foreign: await get(id), missing: await get(missing), random: await get(RANDOM_ID) };
      expectSameAsNonexistent(answers, { foreign: id, missing }, `${label(caller)} → ${key}${ref.at}=${id}`, "list");
    }
  });
});

describe("reads", () => {
  const cases = reads.flatMap((e) => callersOf(e.spec!).map((c) => [e.key, label(c), e, c] as const));
  it.each(cases)("%s shows org A's %s nothing of org B", async (_key, _label, entry, caller) => {
    const res = await sendAs(caller, entry.method, pathFor(entry, A));
    expect(res.status, `${label(caller)} → ${JSON.stringify(res.body).slice(0, 200)}`).toBe(200);
    expectNothingOfB(res, `${label(caller)} → ${entry.key}`);
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
        expectError(await attempt(`Bearer ${tokenOf(A, lower)}`), 403, "forbidden", lower);
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
