import { beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../../lib/openapi/document";
import { call } from "../helpers/api";
import { documentedOperation, normalizePath, schemaCompiler } from "../helpers/openapi";
import { type RouteEntry, asCaller, pathFor, routeEntries } from "../helpers/route-table";
import { type SeededOrg, seedOrg, send } from "../helpers/two-orgs";

// The document describes what the routes really answer. Every (method, route) is called the way
// the bad-input suite's table says is valid, and its status must be one the document lists, its
// body must match that status's schema, and a success body may carry no field the schema does
// not mention (object schemas are closed for this check), so a serializer and its published
// schema cannot drift apart in either direction.

const doc = openApiDocument().document as any;
const closed = schemaCompiler(doc, { closed: true });
const open = schemaCompiler(doc);

const ENTRIES = (await routeEntries()).filter((e) => e.spec);

/** Reads share one organization; each write gets its own, so no write spoils another's ids. */
let shared: SeededOrg;
beforeAll(async () => {
  shared = await seedOrg();
});

/**
 * What makes a route's valid request succeed where the seeded org alone would not: a step
 * before it, or ids of its own (returned, they stand for every id in the path).
 */
const PREPARE: Record<string, (org: SeededOrg) => Promise<Record<string, string> | undefined>> = {
  // The table's token belongs to another member; the caller may revoke only its own.
  "DELETE /api/v1/tokens/[id]": async (org) => {
    const tokens = await call("GET", "/api/v1/tokens", { token: org.admin.token });
    return { token: tokens.body.items.find((t: { current: boolean }) => t.current).id };
  },
  // Only an executing intent takes a result.
  "POST /api/v1/intents/[id]/result": async (org) => {
    const body = { execution_token: org.exec.token, payload_hash: org.exec.payloadHash };
    const res = await call("POST", `/api/v1/intents/${org.ids.allowedIntent}/execute`, { token: org.agent.key, body });
    if (res.status !== 200) throw new Error(`execute failed: ${JSON.stringify(res.body)}`);
    return undefined;
  },
  // The seeded webhook is disabled (so no worker touches its delivery), and a disabled webhook's
  // deliveries are not redelivered (409): enabled first. No worker runs on this suite's database.
  "POST /api/v1/webhooks/[id]/deliveries/[deliveryId]/redeliver": async (org) => {
    const res = await call("PATCH", `/api/v1/webhooks/${org.ids.webhook}`, { token: org.admin.token, body: { active: true } });
    if (res.status !== 200) throw new Error(`enabling the webhook failed: ${JSON.stringify(res.body)}`);
    return undefined;
  },
};

/**
 * Routes whose valid request still ends in a (documented) refusal here: a passkey attestation
 * needs a challenge the server issued in a live ceremony, the seeded pending item needs no
 * step-up, and the admin (who has a passkey) must confirm a new one with a passkey assertion, not
 * the password. The passkey suites cover their successes; their answers are still checked below.
 */
const REFUSED_HERE = new Set([
  "POST /api/v1/passkeys",
  "POST /api/v1/approvals/[intentId]/step-up",
  "POST /api/v1/passkeys/options",
  // Succeeds only with a token from a reset mail; password-reset.test.ts checks its answer whole.
  "POST /api/v1/auth/password-reset/confirm",
  // Succeed only with a token from a verification mail, and as a signed-in person; signup.test.ts checks their answers whole.
  "POST /api/v1/auth/verify-email",
  "POST /api/v1/orgs",
  // Succeeds only with a link Tollgate sent in Slack; slack.test.ts checks its answer.
  "POST /api/v1/me/slack-link",
]);

async function callAsTable(entry: RouteEntry, org: SeededOrg) {
  const override = await PREPARE[entry.key]?.(org);
  const path = pathFor(entry, org, override);
  const valid = entry.spec!.valid?.(org);
  const body = valid === undefined ? undefined : typeof valid === "string" ? valid : JSON.stringify(valid);
  const headers = entry.spec!.body === "policy" ? { "content-type": "application/yaml" } : undefined;
  return send(entry.method, path, asCaller(entry.spec!, org, { body, headers }));
}

const successes = new Set<string>();

describe.each(ENTRIES.map((e) => [e.key, e] as const))("%s", (key, entry) => {
  it("answers with a documented status and a body its schema describes exactly", async () => {
    const org = entry.method === "GET" ? shared : await seedOrg();
    const res = await callAsTable(entry, org);
    const operation = documentedOperation(doc, entry.method, entry.template.replace(/\[([^\]]+)\]/g, "{$1}")) ?? findByShape(entry);
    const response = operation.responses[String(res.status)];
    const where = `${key} → ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`;
    expect(response, `${where}: status not documented`).toBeDefined();

    const type = (res.headers.get("content-type") ?? "").split(";")[0];
    expect(Object.keys(response.content ?? {}), where).toContain(type);
    const success = res.status < 300;
    if (type === "application/json") {
      const validate = (success ? closed : open)(response.content[type].schema);
      expect(validate(res.body), `${where}\n${JSON.stringify(validate.errors, null, 1)}`).toBe(true);
    } else {
      // CSV or an event stream (send() reads a stream's first chunk): text, as documented.
      expect(typeof (res.body?.first ?? res.body), where).toBe("string");
    }
    if (success) successes.add(key);
  });
});

/** Route files name their segments after camelCase folders ([intentId]); the document after the contract ({intent_id}). */
function findByShape(entry: RouteEntry) {
  const wanted = normalizePath(entry.template);
  const path = Object.keys(doc.paths).find((p) => normalizePath(p) === wanted);
  return path ? documentedOperation(doc, entry.method, path) : undefined;
}

describe("after every route", () => {
  it("saw a success, checked against its closed schema, from every route but the few refused here", () => {
    const missing = ENTRIES.map((e) => e.key).filter((k) => !successes.has(k) && !REFUSED_HERE.has(k));
    expect(missing).toEqual([]);
  });
});
