import fc from "fast-check";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { nextAuthSecret } from "../../lib/auth/next-auth-options";
import { checkPolicyText } from "../../lib/domain/policies/read-policy-text";
import { MAX_BODY_BYTES } from "../../lib/http/read-body";
import { isStorableText } from "../../lib/storable-text";
import { ROLES } from "../../lib/roles";
import { call } from "../helpers/api";
import { type J, type Poison, jsonRefusal, noiseArb, poisonArb, poisonedBody, serialize, applyNoise, toTree } from "../helpers/fuzz-json";
import {
  type ContentType,
  authHeader,
  authVariant,
  contentTypeArb,
  cookieHeader,
  deadCookies,
  foreignOrigin,
  headerNoise,
  idFor,
  idRecipe,
  noiseHeaders,
  onTheWire,
  otherCookies,
  queryArb,
  queryString,
  sameSiteClaims,
} from "../helpers/fuzz-requests";
import { FUZZ_RUNS, REQUEST_TIMEOUT_MS, fuzz, within } from "../helpers/fuzz-runner";
import { APP_ORIGIN } from "../helpers/passkeys";
import { ROUTE_TABLE, type RouteEntry, asCaller, callerToken, pathFor, routeEntries } from "../helpers/route-table";
import { type RawRequest, type SeededOrg, expectContractAnswer, expectError, fingerprint, seedOrg, send } from "../helpers/two-orgs";

// Generated hostile input to every route of the route table (so a new route is fuzzed as soon as
// it has its table entry, and bad-input's coverage test fails until it does). Properties, each
// over FUZZ_RUNS inputs (see tests/helpers/fuzz-runner.ts for FUZZ_RUNS and FUZZ_SEED):
// - bearer headers that identify nobody → 401; dead session cookies → 401; a live session from
//   another site → 403 on writes;
// - malformed, mutated and oversized bodies → exactly the 400/413/422 the bytes call for;
// - hostile query strings → 200 or 422; path ids that are not the caller's → 404 (422 for NUL);
// - ?wait on a pending intent holds no longer than asked;
// every answer within REQUEST_TIMEOUT_MS, never a 5xx, every 4xx the contract's error shape, and
// not one row of org A or org B written. Then noisy versions of valid bodies go to a scratch
// org C, where writes are allowed: there the property is only "no 5xx, the contract's shape".

const ENTRIES = await routeEntries();
const covered = ENTRIES.filter((e) => e.spec);
const LONG = { timeout: 600_000 };

let A: SeededOrg;
let B: SeededOrg;
let C: SeededOrg;
let atStart: Awaited<ReturnType<typeof fingerprint>>;
/** Session JWTs the server must refuse: another secret, a non-member, no org, an expired one, wrong claim types. */
let forgedJwts: string[];

const jwtOf = (org: SeededOrg, role: (typeof ROLES)[number] = "admin") => org.sessions[role].cookie.replace(/^next-auth\.session-token=/, "");

beforeAll(async () => {
  [A, B, C] = [await seedOrg(), await seedOrg(), await seedOrg()];
  atStart = await fingerprint([A, B]);
  const secret = nextAuthSecret();
  forgedJwts = [
    await encode({ token: { uid: A.admin.userId, orgId: A.orgId }, secret: "not-the-server-secret-not-the-server-secret" }),
    await encode({ token: { uid: B.admin.userId, orgId: A.orgId }, secret }),
    await encode({ token: { uid: A.admin.userId }, secret }),
    await encode({ token: { uid: A.admin.userId, orgId: A.orgId }, secret, maxAge: -60 }),
    await encode({ token: { uid: "usr_00000000000000000000", orgId: A.orgId }, secret }),
    await encode({ token: { uid: [A.admin.userId], orgId: { id: A.orgId } }, secret }),
  ];
});

afterAll(async () => {
  expect(await fingerprint([A, B]), "no request of the whole suite may write to org A or B").toEqual(atStart);
});

// ---------------------------------------------------------------- requests

interface Body {
  tree: J;
  text: string;
  contentType: string;
}

/** The route's valid body for `org`, as text and as a tree to mutate (PUT /policy's YAML as its JSON document). */
function validBody(entry: RouteEntry, org: SeededOrg): Body | undefined {
  const valid = entry.spec!.valid?.(org);
  if (valid === undefined) return undefined;
  if (typeof valid === "string") return { tree: toTree(YAML.parse(valid)), text: valid, contentType: "application/yaml" };
  return { tree: toTree(valid), text: JSON.stringify(valid), contentType: "application/json" };
}

function withContentType(headers: Record<string, string>, type: ContentType): RawRequest {
  return "omit" in type ? { headers, omitContentType: true } : { headers: { ...headers, "content-type": onTheWire(type.value) } };
}

/** Sends with a deadline: a request still unanswered after REQUEST_TIMEOUT_MS is aborted and fails as a hang. */
async function hit(entry: RouteEntry, path: string, request: RawRequest) {
  const client = new AbortController();
  const started = performance.now();
  const res = await within(REQUEST_TIMEOUT_MS, send(entry.method, path, { holdOpenMs: 0, ...request, signal: client.signal }), () => client.abort());
  return { res, ms: performance.now() - started };
}

const where = (entry: RouteEntry, path: string) => `${entry.method} ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`;

/** What PUT /policy must answer for these bytes under this Content-Type, or null when the text happens to be a valid policy. */
function policyRefusal(bytes: Uint8Array, type: ContentType, poison: Poison): { status: number; code: string } | null {
  const media = ("omit" in type ? "" : onTheWire(type.value)).split(";")[0].trim().toLowerCase();
  const formats = new Map<string, "json" | "yaml">([["", "json"], ["application/json", "json"], ["application/yaml", "yaml"], ["application/x-yaml", "yaml"], ["text/yaml", "yaml"], ["text/x-yaml", "yaml"]]);
  const format = formats.get(media);
  if (!format) return { status: 415, code: "unsupported_media_type" };
  if (bytes.byteLength > MAX_BODY_BYTES) return { status: 413, code: "payload_too_large" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { status: 400, code: "invalid_json" };
  }
  const vouched = !["rawText", "rawBytes"].includes(poison.poison);
  return vouched || !checkPolicyText(text, format).ok ? { status: 422, code: "invalid_policy" } : null;
}

// ---------------------------------------------------------------- coverage

describe("route coverage", () => {
  it("fuzzes every method of every route file: each has a ROUTE_TABLE entry", () => {
    expect(ENTRIES.filter((e) => !e.spec).map((e) => e.key), "add these to tests/helpers/route-table.ts").toEqual([]);
    expect(covered.length).toBe(Object.keys(ROUTE_TABLE).length);
  });
});

// ---------------------------------------------------------------- org A and B: nothing may be written

describe.each(covered.map((e) => [e.key, e] as const))("%s", (key, entry) => {
  const spec = entry.spec!;
  const authenticated = spec.caller !== "public";

  if (authenticated) {
    it("answers Authorization headers that identify nobody with 401 unauthorized, even next to a live session", LONG, async () => {
      const arb = fc.record({ auth: authVariant, withSession: fc.boolean(), noise: headerNoise });
      await fuzz(
        `${key} auth`,
        arb,
        async ({ auth, withSession, noise }) => {
          const header = authHeader(auth, A, B);
          if (header === null) return; // the recipe rebuilt a live token
          // An empty header counts as none, and then the cookie would rightly be used.
          const session = withSession && header !== "" ? A.sessions.admin : {};
          const body = validBody(entry, A);
          const headers = { ...noiseHeaders(noise), ...session, authorization: header!, ...(body ? { "content-type": body.contentType } : {}) };
          const path = pathFor(entry, A);
          const { res } = await hit(entry, path, { headers, body: body?.text });
          expectError(res, 401, "unauthorized", where(entry, path));
        },
        { unchanged: [A, B] },
      );
    });

    it("answers dead session cookies (forged, foreign, expired, cut, percent junk) with 401 unauthorized", LONG, async () => {
      await fuzz(
        `${key} dead cookies`,
        fc.record({ cookies: deadCookies, noise: headerNoise }),
        async ({ cookies, noise }) => {
          const body = validBody(entry, A);
          const cookie = cookieHeader(cookies, forgedJwts, jwtOf(A));
          const headers = { ...noiseHeaders(noise), cookie, origin: APP_ORIGIN, ...(body ? { "content-type": body.contentType } : {}) };
          const path = pathFor(entry, A);
          const { res } = await hit(entry, path, { headers, body: body?.text });
          expectError(res, 401, "unauthorized", `${where(entry, path)} cookie: ${cookie.slice(0, 200)}`);
        },
        { unchanged: [A, B] },
      );
    });

    if (entry.method !== "GET") {
      it("answers a live session's write from another site (Origin) with 403 forbidden", LONG, async () => {
        const arb = fc.record({ role: fc.constantFrom(...ROLES), others: otherCookies, at: fc.nat(), origin: foreignOrigin, claims: sameSiteClaims, noise: headerNoise });
        await fuzz(
          `${key} cross-site`,
          arb,
          async ({ role, others, at, origin, claims, noise }) => {
            const body = validBody(entry, A);
            const headers: Record<string, string> = {
              ...noiseHeaders(noise),
              ...claims,
              cookie: cookieHeader(others, forgedJwts, jwtOf(A), { at, value: jwtOf(A, role) }),
              ...(body ? { "content-type": body.contentType } : {}),
            };
            if (origin !== null) headers.origin = onTheWire(origin);
            const path = pathFor(entry, A);
            const { res } = await hit(entry, path, { headers, body: body?.text });
            expectError(res, 403, "forbidden", `${where(entry, path)} as ${role}, Origin ${JSON.stringify(origin)}`);
          },
          { unchanged: [A, B] },
        );
      });
    }
  }

  if (spec.body) {
    it("answers malformed, mutated and oversized bodies with exactly the 400, 413, 415 or 422 they call for", LONG, async () => {
      const arb = fc.record({ noise: fc.array(noiseArb, { maxLength: 4 }), poison: poisonArb, type: contentTypeArb, headers: headerNoise });
      await fuzz(
        `${key} bodies`,
        arb,
        async ({ noise, poison, type, headers }) => {
          const bytes = poisonedBody(validBody(entry, A)!.tree, noise, poison);
          let expected: { status: number; code: string } | null;
          if (spec.body === "policy") expected = policyRefusal(bytes, type, poison);
          else {
            const refusal = jsonRefusal(bytes);
            // A tree poison stays in a body that parses; raw text that parses to an object is not vouched for.
            const vouched = ["unknownKey", "unstorable", "tooDeep"].includes(poison.poison);
            expected = refusal !== "parsedObject" ? refusal : vouched ? { status: 422, code: "validation_failed" } : null;
          }
          if (expected === null) return; // raw text that happens to be a valid body
          const path = pathFor(entry, A);
          const request = asCaller(spec, A, { ...withContentType(noiseHeaders(headers), type), body: bytes });
          const { res } = await hit(entry, path, request);
          expectError(res, expected!.status, expected!.code, `${where(entry, path)} body ${new TextDecoder().decode(bytes.subarray(0, 300))}`);
        },
        { unchanged: [A, B] },
      );
    });
  }

  if (entry.method === "GET") {
    it("answers hostile query strings with 200 or 422 validation_failed", LONG, async () => {
      // ?wait on GET /intents/{id} goes to an intent that is not pending, so even wait=60 answers at once.
      const base = pathFor(entry, A, spec.query === "wait" ? { pendingIntent: A.ids.allowedIntent } : undefined);
      await fuzz(
        `${key} query`,
        fc.record({ query: queryArb, noise: headerNoise }),
        async ({ query, noise }) => {
          const path = base + queryString(query);
          const { res } = await hit(entry, path, asCaller(spec, A, { headers: noiseHeaders(noise) }));
          expectContractAnswer(res, where(entry, path));
          if (res.status !== 200) expectError(res, 422, "validation_failed", where(entry, path));
        },
        { unchanged: [A, B] },
      );
    });
  }

  if (spec.params) {
    it("answers path ids that are not the caller's (random, long, encoded, org B's, other kinds) with 404 not_found", LONG, async () => {
      const [kind] = Object.values(spec.params!);
      const body = validBody(entry, A);
      await fuzz(
        `${key} path ids`,
        idRecipe,
        async (recipe) => {
          const id = idFor(recipe, kind, A, B);
          const path = pathFor(entry, A, { [kind]: id });
          const headers: Record<string, string> = body ? { "content-type": body.contentType } : {};
          const { res } = await hit(entry, path, asCaller(spec, A, { headers, body: body?.text }));
          if (isStorableText(id)) expectError(res, 404, "not_found", where(entry, path));
          else expectError(res, 422, "validation_failed", where(entry, path));
        },
        { unchanged: [A, B] },
      );
    });
  }

  if (spec.query === "wait") {
    it("holds ?wait on a pending intent no longer than asked (and as long as asked when it is valid)", LONG, async () => {
      const values = fc.constantFrom("0", "1", "01", "+1", " 1", "1.0", "1e0", "0x1", "0.0", "-0", "", "true", "61", "-1", "0.5", "abc", "1e9", "Infinity");
      await fuzz(
        `${key} wait`,
        fc.record({ wait: values, who: fc.constantFrom("agent", "admin") }),
        async ({ wait, who }) => {
          const path = `${pathFor(entry, A)}?wait=${encodeURIComponent(wait)}`;
          const token = who === "agent" ? callerToken(spec, A) : A.admin.token;
          const { res, ms } = await hit(entry, path, { token });
          expectContractAnswer(res, where(entry, path));
          if (res.status !== 200) return expectError(res, 422, "validation_failed", where(entry, path));
          expect(res.body.status, "nobody resolves it meanwhile").toBe("pending_approval");
          const seconds = Number(wait) === 1 ? 1 : 0;
          expect(ms, `${where(entry, path)} held ${Math.round(ms)} ms`).toBeLessThan(seconds * 1000 + 2500);
          if (seconds === 1) expect(ms, `${where(entry, path)} must hold until the wait passes`).toBeGreaterThan(950);
        },
        { unchanged: [A, B], runs: Math.max(16, Math.round(FUZZ_RUNS / 5)) },
      );
    });
  }
});

// ---------------------------------------------------------------- org C: noisy but possibly valid input

/** Whether C still has what the routes need (keys, a pending and an allowed intent, an active lease). */
async function healthy(org: SeededOrg): Promise<boolean> {
  const checks = await Promise.all([
    call("GET", "/api/v1/me", { token: org.agent.key }),
    call("GET", "/api/v1/me", { token: org.admin.token }),
    call("GET", `/api/v1/intents/${org.ids.pendingIntent}`, { token: org.admin.token }),
    call("GET", `/api/v1/intents/${org.ids.allowedIntent}`, { token: org.admin.token }),
    call("GET", `/api/v1/leases/${org.ids.lease}`, { token: org.admin.token }),
  ]);
  const [me, admin, pending, allowed, lease] = checks;
  return me.status === 200 && admin.status === 200 && pending.body.status === "pending_approval" && allowed.body.status === "allowed" && lease.body.status === "active";
}

describe("noisy versions of valid bodies, in a scratch org C (writes allowed there)", () => {
  const bodyRoutes = covered.filter((e) => e.spec!.body);

  describe.each(bodyRoutes.map((e) => [e.key, e] as const))("%s", (key, entry) => {
    it("never answers 5xx, and every 4xx is the contract's error shape", LONG, async () => {
      if (!(await healthy(C))) C = await seedOrg();
      const arb = fc.record({ noise: fc.array(noiseArb, { minLength: 1, maxLength: 4 }), type: contentTypeArb, headers: headerNoise });
      await fuzz(
        `${key} noisy bodies in C`,
        arb,
        async ({ noise, type, headers }) => {
          const body = serialize(applyNoise(validBody(entry, C)!.tree, noise));
          const path = pathFor(entry, C);
          const { res } = await hit(entry, path, asCaller(entry.spec!, C, { ...withContentType(noiseHeaders(headers), type), body }));
          expectContractAnswer(res, `${where(entry, path)} body ${body.slice(0, 300)}`);
        },
        { unchanged: [A, B] },
      );
    });
  });

  describe.each([["POST /api/v1/intents"], ["POST /api/v1/leases"]])("%s Idempotency-Key", (key) => {
    it("answers a new key 201 (or 422 for a key it will not store), its replay 200 with the same id, another body 409", LONG, async () => {
      const entry = covered.find((e) => e.key === key)!;
      if (!(await healthy(C))) C = await seedOrg();
      const seen = new Map<string, string>();
      const keys = fc.oneof(
        fc.string({ minLength: 1, maxLength: 300 }),
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.constantFrom("", " ", "a b", "\t", "k".repeat(255), "k".repeat(256), "ключ", "é", "%00", "a,b", "*", "null"),
      );
      let nonce = 0;
      await fuzz(
        `${key} idempotency keys in C`,
        keys,
        async (raw) => {
          const sent = onTheWire(raw);
          const bodyFor = () => {
            nonce += 1;
            const valid = entry.spec!.valid!(C) as Record<string, unknown>;
            return JSON.stringify(key.endsWith("intents") ? { ...valid, payload: { nonce } } : { ...valid, purpose: `nonce ${nonce}` });
          };
          // The helper agent: keys are per agent, and the noisy-body property above sends odd keys as C's agent.
          const post = (body: string) => hit(entry, entry.template, { token: C.helperAgent.key, headers: { "idempotency-key": sent }, body });
          const first = bodyFor();
          const { res } = await post(first);
          const context = `Idempotency-Key ${JSON.stringify(sent.slice(0, 100))}`;
          expectContractAnswer(res, context);
          if (seen.has(sent)) return expectError(res, 409, "idempotency_conflict", `${context} (used before)`);
          if (res.status === 422) {
            expect(res.body.error.details.issues[0].path, context).toEqual(["Idempotency-Key"]);
            return expectError((await post(first)).res, 422, "validation_failed", `${context} again`);
          }
          expect(res.status, context).toBe(201);
          seen.set(sent, res.body.id);
          const replay = (await post(first)).res;
          expect(replay.status, `${context} replayed`).toBe(200);
          expect(replay.body.id).toBe(res.body.id);
          expectError((await post(bodyFor())).res, 409, "idempotency_conflict", `${context} with another body`);
        },
        // One at a time: the map of used keys models the server's state in order.
        { unchanged: [A, B], batch: 1 },
      );
    });
  });
});

describe("after all of the above", () => {
  it("every org's audit chain still verifies and no row of org A or B changed", async () => {
    for (const org of [A, B, C]) {
      const res = await call("GET", "/api/v1/audit/verify", { token: org.admin.token });
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
    }
    expect(await fingerprint([A, B])).toEqual(atStart);
  });
});
