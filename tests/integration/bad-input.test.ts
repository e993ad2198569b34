import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../lib/http/read-body";
import { call } from "../helpers/api";
import { ROUTE_TABLE, type RouteEntry, asCaller, pathFor, routeEntries } from "../helpers/route-table";
import {
  type RawRequest,
  type SeededOrg,
  expectError,
  expectValidationIssues,
  fingerprint,
  seedOrg,
  send,
  streamOf,
  withoutWrites,
} from "../helpers/two-orgs";

// Bad input to every route: malformed JSON, wrong types, unknown fields, oversized bodies, NUL
// characters and bad query strings. Each answer is the contract's 4xx, never a 500, and each
// request leaves every row of both organizations exactly as it was.

const ENTRIES = await routeEntries();
const covered = ENTRIES.filter((e) => e.spec);
const jsonRoutes = covered.filter((e) => e.spec?.body === "json" || e.spec?.body === "empty");
const bodyRoutes = covered.filter((e) => e.spec?.body);
const listRoutes = covered.filter((e) => e.spec?.query === "list");

let A: SeededOrg;
let B: SeededOrg;
let atStart: Awaited<ReturnType<typeof fingerprint>>;

beforeAll(async () => {
  [A, B] = [await seedOrg(), await seedOrg()];
  atStart = await fingerprint([A, B]);
});

afterAll(async () => {
  // Checked here as well as in the last test, so a failure above still shows whether data changed.
  expect(await fingerprint([A, B])).toEqual(atStart);
});

/** Sends a bad request as the route's rightful caller (a session for sessionOnly routes), with org A's real ids, and checks nothing was written. */
function sendBad(entry: RouteEntry, { query, ...request }: RawRequest & { query?: string } = {}) {
  const path = pathFor(entry, A) + (query ?? "");
  return withoutWrites([A, B], () => send(entry.method, path, asCaller(entry.spec!, A, request)));
}

const validBody = (entry: RouteEntry) => entry.spec!.valid!(A) as Record<string, unknown>;

describe("route coverage", () => {
  it("has a ROUTE_TABLE entry for every method of every route file", () => {
    const missing = ENTRIES.filter((e) => !e.spec).map((e) => e.key);
    expect(missing, "add these to tests/helpers/route-table.ts").toEqual([]);
    expect(ENTRIES.length).toBeGreaterThanOrEqual(27);
  });

  it("has no ROUTE_TABLE entry for a route or method that does not exist", () => {
    const real = new Set(ENTRIES.map((e) => e.key));
    expect(Object.keys(ROUTE_TABLE).filter((key) => !real.has(key))).toEqual([]);
  });

  it("gives every route with a body a valid example, and every dynamic segment an id", () => {
    for (const entry of covered) {
      if (entry.spec!.body) expect(entry.spec!.valid, entry.key).toBeTypeOf("function");
      expect(() => pathFor(entry, A), entry.key).not.toThrow();
    }
  });
});

describe.each(jsonRoutes.map((e) => [e.key, e] as const))("%s", (_key, entry) => {
  it.each([
    ['{"a":'],
    ["not json"],
    ["["],
    ['{"a":1}}'],
    ["{'a': 1}"],
    ['{"a": "raw \u0000 control character"}'],
  ])("answers malformed JSON %j with 400 invalid_json", async (text) => {
    expectError(await sendBad(entry, { body: text }), 400, "invalid_json", text);
  });

  it("answers a body that is not UTF-8 with 400 invalid_json", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expectError(await sendBad(entry, { body: bytes }), 400, "invalid_json");
  });

  it.each([["[]"], ['"text"'], ["42"], ["null"], ["true"], ['[{"a":1}]']])(
    "answers the JSON value %s where an object goes with 422 validation_failed",
    async (text) => {
      expectValidationIssues(await sendBad(entry, { body: text }), text);
    },
  );

  // A route whose body has no fields (rotate) has nothing to mistype; the whole-body cases cover it.
  if (entry.spec!.body === "json") {
    it("answers every wrongly typed field with 422 validation_failed naming that field", async () => {
      const valid = validBody(entry);
      const fields = Object.keys(valid).filter((k) => !FREE_FORM.has(k));
      expect(fields.length).toBeGreaterThan(0);
      for (const field of fields) {
        for (const wrong of wrongTypesFor(valid[field])) {
          const body = JSON.stringify({ ...valid, [field]: wrong });
          const issues = expectValidationIssues(await sendBad(entry, { body }), body);
          expect(issues.some((i) => i.path[0] === field), `${body}: ${JSON.stringify(issues)}`).toBe(true);
        }
      }
    });
  }

  it.each([[{ unexpected: 1 }], [{ Action: "x", extra: { nested: true } }], [{ constructor: "x" }]])(
    "answers a valid body with unknown top-level fields %j with 422 validation_failed",
    async (extra) => {
      const issues = expectValidationIssues(await sendBad(entry, { body: JSON.stringify({ ...validBody(entry), ...extra }) }));
      const said = issues.map((i) => i.message).join(" ");
      for (const key of Object.keys(extra)) expect(said, "the issues name each unknown key").toContain(key);
    },
  );

  it('answers a valid body carrying "__proto__" with 422 validation_failed', async () => {
    const body = `${JSON.stringify(validBody(entry)).slice(0, -1)}${Object.keys(validBody(entry)).length ? "," : ""}"__proto__":{"x":1}}`;
    expectValidationIssues(await sendBad(entry, { body }), body);
  });

  it.each([["\u0000"], ["\ud800"], ["\udfff"]])("answers strings holding %j with 422 validation_failed, not a 500", async (bad) => {
    const valid = validBody(entry);
    const field = Object.keys(valid).find((k) => typeof valid[k] === "string");
    // Routes without a string field get the character in a key; both are refused the same way.
    const body = field ? { ...valid, [field]: `a${bad}b` } : { ...valid, [`key${bad}`]: 1 };
    expectValidationIssues(await sendBad(entry, { body: JSON.stringify(body) }), field ?? "key");
  });

  it("answers JSON nested deeper than 64 levels with 422 validation_failed", async () => {
    for (const depth of [65, 20_000]) {
      const body = `{"deep":${"[".repeat(depth)}${"]".repeat(depth)}}`;
      expectValidationIssues(await sendBad(entry, { body }), `depth ${depth}`);
    }
  });
});

describe.each(bodyRoutes.map((e) => [e.key, e] as const))("%s body size", (_key, entry) => {
  // PUT /policy reads JSON by this Content-Type too, so one body serves every route.
  const contentType = "application/json";
  // A JSON object of exactly `bytes` UTF-8 bytes, padded with a multi-byte character so that a
  // limit counted in characters instead of bytes would let it through.
  const padded = (bytes: number) => {
    const frame = '{"pad":""}';
    const twoByte = Math.floor((bytes - frame.length) / 2);
    const text = `{"pad":"${"é".repeat(twoByte)}${"x".repeat(bytes - frame.length - twoByte * 2)}"}`;
    expect(Buffer.byteLength(text)).toBe(bytes);
    return text;
  };

  it("answers a body over 256 KiB with a truthful Content-Length with 413 payload_too_large", async () => {
    const body = padded(MAX_BODY_BYTES + 1);
    const headers = { "content-type": contentType, "content-length": String(MAX_BODY_BYTES + 1) };
    expectError(await sendBad(entry, { body, headers }), 413, "payload_too_large");
  });

  it("answers a body over 256 KiB streamed without a Content-Length with 413 payload_too_large", async () => {
    for (const size of [MAX_BODY_BYTES + 1, 4 * MAX_BODY_BYTES]) {
      const res = await sendBad(entry, { body: streamOf(padded(size)), headers: { "content-type": contentType } });
      expectError(res, 413, "payload_too_large", `${size} bytes`);
    }
  });

  it("answers a body over 256 KiB that declares a small Content-Length with 413 payload_too_large", async () => {
    const headers = { "content-type": contentType, "content-length": "10" };
    expectError(await sendBad(entry, { body: streamOf(padded(MAX_BODY_BYTES + 1)), headers }), 413, "payload_too_large");
  });

  it("reads a body of exactly 256 KiB (and then refuses its unknown field, not its size)", async () => {
    const res = await sendBad(entry, { body: padded(MAX_BODY_BYTES), headers: { "content-type": contentType } });
    if (entry.spec!.body === "policy") expectError(res, 422, "invalid_policy");
    else expectValidationIssues(res);
  });
});

describe("PUT /api/v1/policy (a YAML or JSON document, not a JSON request)", () => {
  const policyRoute = () => covered.find((e) => e.key === "PUT /api/v1/policy")!;
  const put = (body: RawRequest["body"], contentType: string) =>
    sendBad(policyRoute(), { body, headers: { "content-type": contentType } });

  // The body is the policy document itself, so a document that does not parse is an invalid
  // policy (the contract's "invalid → 422 invalid_policy"), whichever of its two formats it uses.
  it.each([['{"a":'], ["not json"], ["["], ["{'version': 1}"]])("answers malformed JSON %j with 422 invalid_policy", async (text) => {
    expectError(await put(text, "application/json"), 422, "invalid_policy", text);
  });

  it.each([["rules: ["], ["version: 1\nversion: 2\n"], ["a: b: c"], ["rules: !!binary AAAA"]])(
    "answers malformed YAML %j with 422 invalid_policy",
    async (text) => {
      expectError(await put(text, "application/yaml"), 422, "invalid_policy", text);
    },
  );

  it.each([
    ["[]"],
    ['"text"'],
    ["42"],
    ["null"],
    ['{"version":"one"}'],
    ['{"default":5}'],
    ['{"rules":{}}'],
    ['{"rules":[{"id":5,"decision":"allow"}]}'],
    ['{"rules":[{"id":"a","decision":"allow","approvals":"two"}]}'],
  ])("answers the wrongly typed document %s with 422 invalid_policy naming the field", async (text) => {
    const res = await put(text, "application/json");
    expectError(res, 422, "invalid_policy", text);
    expect(res.body.error.details).toHaveProperty("field");
  });

  it.each([['{"version":1,"rulez":[]}'], ['{"rules":[{"id":"a","decision":"allow","approval":2}]}']])(
    "answers unknown keys %s with 422 invalid_policy",
    async (text) => {
      expectError(await put(text, "application/json"), 422, "invalid_policy", text);
    },
  );

  it.each([
    ['{"rules":[{"id":"a","decision":"allow","reason":"x\\u0000y"}]}', "application/json"],
    ['{"rules":[{"id":"a","decision":"allow","reason":"x\\ud800y"}]}', "application/json"],
    ['rules:\n  - { id: a, decision: allow, reason: "x\\0y" }\n', "application/yaml"],
    ["rules: []\n# a raw \u0000 byte\n", "application/yaml"],
    ['{"rules":[], "a\\u0000": 1}', "application/json"],
  ])("answers a document holding a NUL or lone surrogate (%j) with 422 invalid_policy, not a 500", async (text, type) => {
    expectError(await put(text, type), 422, "invalid_policy", text);
  });

  it("answers an empty document with 422 invalid_policy", async () => {
    expectError(await put("", "application/yaml"), 422, "invalid_policy");
    expectError(await put("   \n", "application/json"), 422, "invalid_policy");
  });

  it("answers a Content-Type other than YAML or JSON with 415 unsupported_media_type", async () => {
    expectError(await put("version: 1\n", "text/plain"), 415, "unsupported_media_type");
    expectError(await put("<policy/>", "application/xml"), 415, "unsupported_media_type");
  });
});

describe("POST /api/v1/intents specifics", () => {
  const intents = () => covered.find((e) => e.key === "POST /api/v1/intents")!;

  it.each([[1e16], [-1e16], [1e300], [1.2345e19]])(
    "answers an amount the ledger cannot hold (%d) with 422 validation_failed, not a 500",
    async (amount) => {
      const body = JSON.stringify({ ...validBody(intents()), amount });
      const issues = expectValidationIssues(await sendBad(intents(), { body }));
      expect(issues[0].path).toEqual(["amount"]);
    },
  );

  it.each([
    [{ summary: { title: 5 } }, ["summary", "title"]],
    [{ summary: { unknown: "x" } }, ["summary"]],
    [{ context: { confidence: "high" } }, ["context", "confidence"]],
    [{ context: { confidence: 2 } }, ["context", "confidence"]],
    [{ risk_tags: [5] }, ["risk_tags", "0"]],
    [{ stage: "deploy" }, ["stage"]],
    [{ currency: "dollars" }, ["currency"]],
    [{ action: "" }, ["action"]],
  ])("answers the nested mistake %j with 422 naming %j", async (patch, path) => {
    const issues = expectValidationIssues(await sendBad(intents(), { body: JSON.stringify({ ...validBody(intents()), ...patch }) }));
    expect(issues.map((i) => i.path)).toContainEqual(path);
  });

  it("answers an Idempotency-Key that is too long with 422 validation_failed", async () => {
    const headers = { "idempotency-key": "k".repeat(3000) };
    expectValidationIssues(await sendBad(intents(), { body: JSON.stringify(validBody(intents())), headers }));
  });

  // JSON.parse reads these as ±Infinity, which canonical hashing refuses: free-form fields
  // (payload, context) carried them past the schema into a 500.
  it.each([['"payload":{"n":1e400}'], ['"payload":[-1e400]'], ['"payload":{"a":{"b":[1E999]}}'], ['"context":{"extra":-1e309}']])(
    "answers a number a double cannot hold (%s) with 422 validation_failed, not a 500",
    async (field) => {
      expectValidationIssues(await sendBad(intents(), { body: `{"action":"bad.allow",${field}}` }), field);
    },
  );

  it("answers a result whose output holds 1e400 with 422 validation_failed", async () => {
    const result = covered.find((e) => e.key === "POST /api/v1/intents/[id]/result")!;
    expectValidationIssues(await sendBad(result, { body: '{"status":"failed","output":{"n":1e400}}' }));
  });
});

describe("timestamps in bodies", () => {
  // Year 0 (written, or reached through an offset) is valid RFC 3339 but no PostgreSQL timestamp:
  // simulate's `since` went to the query as it was, a 500.
  it.each([
    ["POST /api/v1/policy/simulate", "since"],
    ["POST /api/v1/approvals/[intentId]/approve", "opened_at"],
  ])("%s answers a `%s` outside the years 1-9999 with 422 naming it", async (key, field) => {
    const entry = covered.find((e) => e.key === key)!;
    for (const at of ["0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-05:00"]) {
      const issues = expectValidationIssues(await sendBad(entry, { body: JSON.stringify({ ...validBody(entry), [field]: at }) }), at);
      expect(issues.map((i) => i.path)).toContainEqual([field]);
    }
  });
});

describe("POST /api/v1/leases specifics", () => {
  const leases = () => covered.find((e) => e.key === "POST /api/v1/leases")!;
  const withPatch = (patch: Record<string, unknown>) => JSON.stringify({ ...validBody(leases()), ...patch });

  it.each([
    [{ capabilities: [] }, ["capabilities"]],
    [{ capabilities: [""] }, ["capabilities", "0"]],
    [{ ttl: "0h" }, ["ttl"]],
    [{ ttl: "8 hours" }, ["ttl"]],
    [{ ttl: "99999d" }, ["ttl"]],
    [{ spend_limit: { amount: -5, currency: "USD" } }, ["spend_limit", "amount"]],
    [{ spend_limit: { amount: 1e16, currency: "USD" } }, ["spend_limit", "amount"]],
    [{ spend_limit: { amount: 5, currency: "dollars" } }, ["spend_limit", "currency"]],
    [{ spend_limit: { amount: 5, currency: "USD", window: "forever" } }, ["spend_limit", "window"]],
    [{ spend_limit: { amount: 5, currency: "USD", cap: 1 } }, ["spend_limit"]],
  ])("answers %j with 422 naming %j", async (patch, path) => {
    const issues = expectValidationIssues(await sendBad(leases(), { body: withPatch(patch) }));
    expect(issues.map((i) => i.path)).toContainEqual(path);
  });

  it("answers an Idempotency-Key that is too long with 422 validation_failed", async () => {
    const headers = { "idempotency-key": "k".repeat(3000) };
    expectValidationIssues(await sendBad(leases(), { body: withPatch({}), headers }));
  });
});

describe("webhook specifics", () => {
  const route = (key: string) => covered.find((e) => e.key === key)!;
  const withPatch = (key: string, patch: Record<string, unknown>) => JSON.stringify({ ...validBody(route(key)), ...patch });

  // Private literal targets are refused at create and update while WEBHOOK_ALLOW_PRIVATE_TARGETS is off (the default).
  it.each([
    [{ url: "ftp://hooks.example.com/x" }, ["url"]],
    [{ url: "javascript:alert(1)" }, ["url"]],
    [{ url: "hooks.example.com/tollgate" }, ["url"]],
    [{ url: "https://user:pass@hooks.example.com/" }, ["url"]],
    [{ url: "http://127.0.0.1:8080/hook" }, ["url"]],
    [{ url: "http://localhost/hook" }, ["url"]],
    [{ url: "http://169.254.169.254/latest/meta-data" }, ["url"]],
    [{ url: "http://[::1]/" }, ["url"]],
    [{ events: [] }, ["events"]],
    [{ events: ["intent.unknown"] }, ["events", "0"]],
    [{ events: ["intent.pending", "INTENT.PENDING"] }, ["events", "1"]],
    [{ events: [5] }, ["events", "0"]],
    [{ secret: "short" }, ["secret"]],
    [{ secret: "has a space in the secret" }, ["secret"]],
  ])("POST /api/v1/webhooks %j → 422 naming %j", async (patch, path) => {
    const issues = expectValidationIssues(await sendBad(route("POST /api/v1/webhooks"), { body: withPatch("POST /api/v1/webhooks", patch) }));
    expect(issues.map((i) => i.path)).toContainEqual(path);
  });

  it("POST /api/v1/webhooks with a URL over 2048 characters → 422 naming url", async () => {
    const body = withPatch("POST /api/v1/webhooks", { url: `https://hooks.example.com/${"a".repeat(2048)}` });
    expect(expectValidationIssues(await sendBad(route("POST /api/v1/webhooks"), { body })).map((i) => i.path)).toContainEqual(["url"]);
  });

  it.each([
    [{ url: "http://10.1.2.3/" }, ["url"]],
    [{ events: ["lease.unknown"] }, ["events", "0"]],
    [{ active: "yes" }, ["active"]],
  ])("PATCH /api/v1/webhooks/{id} %j → 422 naming %j", async (patch, path) => {
    const issues = expectValidationIssues(await sendBad(route("PATCH /api/v1/webhooks/[id]"), { body: withPatch("PATCH /api/v1/webhooks/[id]", patch) }));
    expect(issues.map((i) => i.path)).toContainEqual(path);
  });

  it("PATCH /api/v1/webhooks/{id} with nothing to change → 422", async () => {
    expectValidationIssues(await sendBad(route("PATCH /api/v1/webhooks/[id]"), { body: "{}" }));
  });
});

describe.each(listRoutes.map((e) => [e.key, e] as const))("%s query", (_key, entry) => {
  it.each([
    ["?limit=0"],
    ["?limit=abc"],
    ["?limit=201"],
    ["?limit=-1"],
    ["?limit=1.5"],
    ["?limit="],
    ["?limit=1e3"],
    ["?cursor="],
    ["?cursor=%00"],
    ["?unknown=1"],
    ["?limit=10&Limit=10"],
  ])("answers %s with 422 validation_failed", async (query) => {
    expectValidationIssues(await sendBad(entry, { query }), query);
  });
});

describe("query filters", () => {
  it.each([
    ["GET /api/v1/intents", "?status=bogus"],
    ["GET /api/v1/intents", "?action=%00"],
    ["GET /api/v1/intents", "?agent=a%00b"],
    ["GET /api/v1/approvals", "?include_resolved=maybe"],
    ["GET /api/v1/approvals", "?action=%00"],
    ["GET /api/v1/approvals", "?risk_tag=x%00"],
    ["GET /api/v1/audit", "?type=%00"],
    ["GET /api/v1/audit", "?actor=%00"],
    ["GET /api/v1/audit/export", "?format=xml"],
    ["GET /api/v1/audit/export", "?type=%00"],
    ["GET /api/v1/audit/export", "?limit=10"],
    ["GET /api/v1/audit/export", "?unknown=1"],
    ["GET /api/v1/intents/[id]", "?wait=abc"],
    ["GET /api/v1/intents/[id]", "?wait=61"],
    ["GET /api/v1/intents/[id]", "?wait=-1"],
    ["GET /api/v1/intents/[id]", "?wait=1.5"],
    ["GET /api/v1/intents/[id]", "?limit=10"],
    ["GET /api/v1/intents/[id]", "?unknown=1"],
    ["GET /api/v1/leases", "?status=bogus"],
    ["GET /api/v1/leases", "?status=%00"],
    ["GET /api/v1/metrics", "?from=yesterday"],
    ["GET /api/v1/metrics", "?to=2026-03-01T00:00:00"],
    ["GET /api/v1/metrics", "?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z"],
    ["GET /api/v1/metrics", "?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"],
    ["GET /api/v1/metrics", "?from=0000-01-01&to=0000-01-02"],
    ["GET /api/v1/metrics", "?from=0001-01-01T00:00:00%2B01:00&to=0001-01-02T00:00:00Z"],
    ["GET /api/v1/metrics", "?action=%00"],
    ["GET /api/v1/metrics", "?agent=a%00b"],
    ["GET /api/v1/metrics", "?environment="],
    ["GET /api/v1/metrics", "?limit=10"],
    ["GET /api/v1/webhooks/[id]/deliveries", "?status=bogus"],
    ["GET /api/v1/webhooks/[id]/deliveries", "?status=%00"],
    ["GET /api/v1/webhooks", "?status=pending"],
  ])("%s%s → 422 validation_failed", async (key, query) => {
    const entry = covered.find((e) => e.key === key)!;
    expectValidationIssues(await sendBad(entry, { query }), query);
  });

  // Cursors are opaque: one the server never issued is refused, not guessed at and not a 500.
  it.each([
    ["GET /api/v1/intents", "garbage"],
    ["GET /api/v1/audit", "garbage"],
    ["GET /api/v1/audit", "99999999999999999999"],
    ["GET /api/v1/audit", "-5"],
    ["GET /api/v1/approvals", "garbage"],
    ["GET /api/v1/approvals", "99999999999999999999"],
    ["GET /api/v1/policy/versions", "garbage"],
    ["GET /api/v1/policy/versions", "99999999999999"],
    ["GET /api/v1/policy/versions", "1e400"],
    ["GET /api/v1/leases", "garbage"],
    ["GET /api/v1/webhooks", "garbage"],
    ["GET /api/v1/webhooks", Buffer.from("2026-01-01T00:00:00.000Z|a\u0000b").toString("base64url")],
    ["GET /api/v1/webhooks", Buffer.from("-271821-04-20T00:00:00.000Z|whk_1").toString("base64url")],
    ["GET /api/v1/webhooks/[id]/deliveries", "garbage"],
    ["GET /api/v1/webhooks/[id]/deliveries", Buffer.from("2026-01-01T00:00:00.000Z|a\u0000b").toString("base64url")],
    // Keyset cursors that decode to a key PostgreSQL cannot take (a NUL in the id; years 0,
    // -271821 and +275760, which JavaScript dates reach): these were 500s.
    ...["/intents", "/leases", "/tokens", "/reviews"].flatMap((list) =>
      ["1970-01-01T00:00:00.000Z|a\u0000b", "0000-01-01T00:00:00Z|x", "-271821-04-20T00:00:00.000Z|x", "+275760-09-13T00:00:00.000Z|x"].map(
        (key) => [`GET /api/v1${list}`, Buffer.from(key).toString("base64url")],
      ),
    ),
  ])("%s?cursor=%s → 422 validation_failed", async (key, cursor) => {
    const entry = covered.find((e) => e.key === key)!;
    const issues = expectValidationIssues(await sendBad(entry, { query: `?cursor=${cursor}` }));
    expect(issues[0].path).toEqual(["cursor"]);
  });
});

describe("GET /api/v1/events", () => {
  // Last-Event-ID is the client's (or a proxy's) echo of an id; one we never sent starts the
  // stream from now, as if absent, instead of breaking the stream.
  it.each([["garbage"], ["-1"], ["1.5"], ["9999999999999999999"], ["99999999999999999999"]])(
    "opens the stream for Last-Event-ID %j",
    async (lastEventId) => {
      const entry = covered.find((e) => e.key === "GET /api/v1/events")!;
      const res = await sendBad(entry, { headers: { "last-event-id": lastEventId } });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
      expect(res.body.first).toMatch(/^retry: \d+/);
      expect(res.body.open, "the stream must stay open, not end at once").toBe(true);
    },
  );
});

describe("path ids", () => {
  const withIds = () => covered.filter((e) => e.spec!.params);
  const attempt = (entry: RouteEntry, id: string) => {
    const path = pathFor(entry, A, { pendingIntent: id, allowedIntent: id, executedIntent: id, agent: id, member: id, token: id, lease: id, passkey: id, review: id, webhook: id, delivery: id, invitation: id, group: id, notification: id });
    const body = entry.spec!.valid ? JSON.stringify(entry.spec!.valid(A)) : undefined;
    return withoutWrites([A, B], () => send(entry.method, path, asCaller(entry.spec!, A, { body })));
  };

  it("answers an id holding a NUL character with 422 validation_failed on every route, not a 500", async () => {
    for (const entry of withIds()) {
      for (const id of ["a\u0000b", "\u0000"]) {
        const issues = expectValidationIssues(await attempt(entry, id), `${entry.key} ${JSON.stringify(id)}`);
        // One issue per segment (every segment holds the bad id), each naming its segment.
        expect(issues.map((i) => i.path)).toEqual(Object.keys(entry.spec!.params!).map((name) => [name]));
      }
    }
  });

  it("answers odd but storable ids (10 000 characters, dots, slashes, spaces) with 404 not_found on every route", async () => {
    for (const entry of withIds()) {
      for (const id of ["x".repeat(10_000), "../agents", "%", " ", "int_' OR '1'='1", "é"]) {
        expectError(await attempt(entry, id), 404, "not_found", `${entry.key} ${JSON.stringify(id.slice(0, 20))}`);
      }
    }
  });
});

describe("cookies", () => {
  // Any site on the domain can set a cookie; one with a malformed %-escape used to throw a
  // URIError while the session cookie was looked up: a 500 for every cookie-authenticated call.
  const withCookies = (method: "GET" | "POST", path: string, headers: Record<string, string>, body?: string) =>
    withoutWrites([A, B], () => send(method, path, { headers, body }));

  it.each([["%"], ["%zz"], ["%E0%A4%A"], ["%ff"]])("reads the session next to an unrelated cookie holding %j", async (junk) => {
    const { cookie } = A.sessions.viewer;
    for (const header of [`theme=${junk}; ${cookie}`, `${cookie}; theme=${junk}`]) {
      const res = await withCookies("GET", "/api/v1/me", { cookie: header });
      expect(res.status, `${header.slice(0, 40)}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body).toMatchObject({ kind: "user", id: A.viewer.userId });
    }
  });

  it("answers a session cookie of malformed %-escapes with 401, and a cross-site write beside such junk with 403", async () => {
    expectError(await withCookies("GET", "/api/v1/me", { cookie: "next-auth.session-token=%E0%A4%A" }), 401, "unauthorized");
    const headers = { cookie: `a=%; ${A.sessions.admin.cookie}`, origin: "https://evil.example", "content-type": "application/json" };
    expectError(await withCookies("POST", "/api/v1/agents", headers, JSON.stringify({ name: "csrf-bot" })), 403, "forbidden");
  });

  it("does not read a cookie without '=' as the session cookie", async () => {
    const res = await withCookies("GET", "/api/v1/me", { cookie: `${A.sessions.viewer.cookie}; next-auth.session-tokenX` });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});

describe("after all of the above", () => {
  it("org A's audit chain still verifies and no row of either org changed", async () => {
    for (const org of [A, B]) {
      const res = await call("GET", "/api/v1/audit/verify", { token: org.admin.token });
      expect(res.status).toBe(200);
      expect(res.body.ok).toBe(true);
    }
    expect(await fingerprint([A, B])).toEqual(atStart);
  });
});

/** Fields whose value is free-form JSON by contract (an intent's payload may be any JSON value). */
const FREE_FORM = new Set(["payload"]);

/** Values of the wrong JSON type for a field whose valid value is `value`. */
function wrongTypesFor(value: unknown): unknown[] {
  if (typeof value === "string") return [12345, ["text"]];
  if (typeof value === "number") return ["12", { n: 1 }];
  if (typeof value === "boolean") return ["true", 1];
  if (Array.isArray(value)) return ["text", { 0: "x" }];
  if (value && typeof value === "object") return [[], 7];
  return [];
}
