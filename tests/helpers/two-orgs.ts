import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { hashToken } from "../../lib/auth/secret-token";
import { pgPool } from "../../lib/db/client";
import { chainAuditEvents } from "../../lib/domain/audit/chain-audit-events";
import { tokenOfAcceptUrl } from "../../lib/domain/members/invitation-link";
import { createTestOrg, TEST_PASSWORD, type TestUser } from "../factories/org";
import type { Role } from "../../lib/roles";
import { type ApiResponse, type Method, ROUTE_FILES, call } from "./api";
import { runNotifierFor } from "../../lib/notify/start-notifier";
import { propose } from "./intents";
import { registerPasskey, sessionHeaders, signIn } from "./passkeys";
import { SoftAuthenticator } from "./soft-authenticator";

/** One organization as the bad-input and tenant-isolation suites use it: every kind of caller and row. */
export interface SeededOrg {
  orgId: string;
  /** Unique per org: new emails and names in request bodies carry it, so stray writes can be found. */
  marker: string;
  password: string;
  admin: TestUser;
  viewer: TestUser;
  approver: TestUser;
  publisher: TestUser;
  agent: { id: string; name: string; key: string };
  /** A second agent of the org: the one `agent` delegates its lease to in request bodies. */
  helperAgent: { id: string; name: string; key: string };
  /** Dashboard-session headers (next-auth cookie + same-site Origin) of each member above, in this org. */
  sessions: Record<Role, Record<string, string>>;
  /**
   * `executedIntent`: an allowed intent of `agent` that it executed (so it has a receipt).
   * `token`: a personal access token of the `member` user (not of any caller the suites use).
   * `lease`: an active lease of `agent`, approved by the admin.
   * `passkey`: a passkey of the admin, registered through the routes.
   * `webhook`: a webhook of the org (disabled after seeding, so no delivery worker touches it);
   * `delivery`: its queued delivery of the pending intent's `intent.pending` event.
   * `invitation`: a pending invitation of a new email (carrying the marker); `invitationToken` is its link's token.
   */
  ids: {
    pendingIntent: string; allowedIntent: string; executedIntent: string; agent: string; member: string; token: string; lease: string; passkey: string; review: string;
    webhook: string; delivery: string; invitation: string;
    /** A reviewer group's name (groups are addressed by name). */
    group: string;
    /** One of the org's notifications (an approval request of the pending item). */
    notification: string;
  };
  invitationToken: string;
  exec: { token: string; payloadHash: string };
}

// A very long SLA: even a sweeper run with a clock far ahead (another suite's) leaves these pending.
const POLICY = `
version: 1
default: require_approval
rules:
  - id: allow-small
    match: { action: bad.allow }
    decision: allow
  - id: hold
    match: { action: bad.pending }
    decision: require_approval
    sla: 3650d
`;

export async function seedOrg(): Promise<SeededOrg> {
  const org = await createTestOrg();
  const marker = `m${randomUUID().slice(0, 8)}`;
  const [viewer, approver, publisher, member] = [
    await org.user("viewer"),
    await org.user("approver"),
    await org.user("publisher"),
    await org.user("viewer"),
  ];
  const [agent, helperAgent] = [await org.agent(), await org.agent()];
  await org.setPolicy(POLICY);
  const webhook = await call("POST", "/api/v1/webhooks", { token: org.admin.token, body: { url: "https://hooks.example.com/tollgate", events: ["intent.pending"] } });
  if (webhook.status !== 201) throw new Error(`seed webhook failed: ${JSON.stringify(webhook.body)}`);
  const pending = await propose(agent.key, { action: "bad.pending", payload: { n: 1 } });
  const allowed = await propose(agent.key, { action: "bad.allow", payload: { n: 2 } });
  if (pending.status !== "pending_approval" || allowed.status !== "allowed") throw new Error("seed policy did not apply");
  const executed = await propose(agent.key, { action: "bad.allow", payload: { n: 3 } });
  const ran = await call("POST", `/api/v1/intents/${executed.id}/execute`, { token: agent.key, body: { execution_token: executed.execution_token, payload_hash: executed.payload_hash } });
  if (ran.status !== 200) throw new Error(`seed execution failed: ${JSON.stringify(ran.body)}`);
  const delivery = await pgPool().query<{ id: string }>("SELECT d.id FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE d.webhook_id = $1 AND e.data->>'id' = $2", [webhook.body.id, pending.id]);
  // Disabled: delivery workers skip its deliveries, so nothing (in this or a parallel suite) changes them.
  const disabled = await call("PATCH", `/api/v1/webhooks/${webhook.body.id}`, { token: org.admin.token, body: { active: false } });
  if (delivery.rows.length !== 1 || disabled.status !== 200) throw new Error("seed delivery failed");
  const lease = await seedLease(agent.key, org.admin.token);
  // A pending review-after item for the allowed intent, as a sampling rule would have made it.
  const review = `rev_${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  await pgPool().query("INSERT INTO reviews (id, org_id, intent_id, rule_id) VALUES ($1, $2, $3, 'allow-small')", [review, org.orgId, allowed.id]);
  const memberToken = await pgPool().query<{ id: string }>("SELECT id FROM api_tokens WHERE token_hash = $1", [hashToken(member.token)]);
  const { passkey } = await registerPasskey(await signIn(org.admin, org.orgId), new SoftAuthenticator(), "Seeded key");
  const invitation = await call("POST", "/api/v1/members", { token: org.admin.token, body: { email: `invitee-${marker}@example.test`, role: "viewer" } });
  if (invitation.status !== 201) throw new Error(`seed invitation failed: ${JSON.stringify(invitation.body)}`);
  const group = await call("POST", "/api/v1/groups", { token: org.admin.token, body: { name: `reviewers-${marker}`, member_ids: [approver.userId] } });
  if (group.status !== 201) throw new Error(`seed group failed: ${JSON.stringify(group.body)}`);
  // The pending item's approval requests, held (no SMTP_URL here): the org's delivery log has rows.
  await runNotifierFor(org.orgId);
  const notification = await pgPool().query<{ id: string }>("SELECT id FROM notifications WHERE org_id = $1 ORDER BY created_at LIMIT 1", [org.orgId]);
  if (!notification.rows[0]) throw new Error("seed notification failed: the pending item notified nobody");
  const sessions = {} as Record<Role, Record<string, string>>;
  for (const user of [org.admin, viewer, approver, publisher]) sessions[user.role] = await sessionHeaders(user, org.orgId);
  return {
    orgId: org.orgId,
    marker,
    password: TEST_PASSWORD,
    admin: org.admin,
    viewer,
    approver,
    publisher,
    agent,
    helperAgent,
    sessions,
    ids: {
      pendingIntent: pending.id,
      allowedIntent: allowed.id,
      executedIntent: executed.id,
      agent: agent.id,
      member: member.userId,
      token: memberToken.rows[0].id,
      lease,
      passkey: passkey.id,
      review,
      webhook: webhook.body.id,
      delivery: delivery.rows[0].id,
      invitation: invitation.body.invitation_id,
      group: group.body.name,
      notification: notification.rows[0].id,
    },
    invitationToken: tokenOfAcceptUrl(invitation.body.accept_url),
    exec: { token: allowed.execution_token, payloadHash: allowed.payload_hash },
  };
}

/** An active lease, long enough that no sweep (whatever its clock) flags or expires it mid-suite. */
async function seedLease(agentKey: string, adminToken: string): Promise<string> {
  const body = { capabilities: ["email.*", "bad.*"], destinations: ["*.example.com"], spend_limit: { amount: 1000, currency: "USD", window: "24h" }, ttl: "3650d" };
  const requested = await call("POST", "/api/v1/leases", { token: agentKey, body });
  const approved = await call("POST", `/api/v1/approvals/${requested.body.request_intent_id}/approve`, { token: adminToken, body: { reason: "seed" } });
  const lease = await call("GET", `/api/v1/leases/${requested.body.id}`, { token: agentKey });
  if (requested.status !== 201 || approved.status !== 200 || lease.body.status !== "active") throw new Error(`seed lease failed: ${JSON.stringify(lease.body)}`);
  return requested.body.id;
}

// intent_day_counts and metric_sealed_days are left out: GET /metrics counts each whole past day
// into them once, on the first read that covers it (README, "Metrics"). They are a cache a
// successful read fills by design, derived from the intents this fingerprint does cover.
const TENANT_TABLES = [
  "memberships", "agents", "api_tokens", "policy_versions", "intents", "approvals", "decision_logs",
  "execution_tokens", "audit_events", "audit_pending", "audit_heads", "events", "leases", "webhooks", "webhook_deliveries", "webhook_delivery_attempts", "reviews", "shadow_hits",
  "invitations", "credential_hashes", "reviewer_groups", "reviewer_group_members",
  "notification_jobs", "notifications", "notification_settings", "slack_connections", "slack_messages", "slack_replays",
];
// Not fingerprinted: intent_day_counts and metric_sealed_days, a cache of past days' counts that
// successful metrics reads fill (derived from intents, never from request input).

// Passkeys and WebAuthn challenges belong to users, not orgs: their rows count for the members of these orgs.
const USER_TABLES = ["passkeys", "webauthn_challenges"];

// Other suites write to the same database in parallel, so the fingerprint covers only the rows of
// these organizations, their users and anything carrying their markers. last_used_at is left out:
// authenticating (even a refused request) may stamp it, and that is bookkeeping, not a write.
// (A passkey's last_used_at is no such bookkeeping: it moves only when the passkey is used, so it stays in.)
const FINGERPRINT_SQL = [
  `SELECT 'organizations' AS t, to_jsonb(r)::text AS row FROM organizations r WHERE id = ANY($1) OR name LIKE ANY($2)`,
  `SELECT 'users', to_jsonb(r)::text FROM users r
     WHERE id IN (SELECT user_id FROM memberships WHERE org_id = ANY($1)) OR email LIKE ANY($2) OR name LIKE ANY($2)`,
  ...TENANT_TABLES.map((t) => `SELECT '${t}', (to_jsonb(r) - 'last_used_at')::text FROM ${t} r WHERE org_id = ANY($1)`),
  ...USER_TABLES.map((t) => `SELECT '${t}', to_jsonb(r)::text FROM ${t} r WHERE user_id IN (SELECT user_id FROM memberships WHERE org_id = ANY($1))`),
].join("\nUNION ALL\n");

/**
 * Every row of every table that belongs to the given orgs, as one comparable map of table → rows.
 * Their pending audit events are chained first: any chainer (another suite's reader or sweep) may
 * move them into the chain at any time, and an event a request appended still shows, chained.
 */
export async function fingerprint(orgs: SeededOrg[]): Promise<Record<string, string[]>> {
  for (const org of orgs) await chainAuditEvents(org.orgId);
  const { rows } = await pgPool().query<{ t: string; row: string }>(FINGERPRINT_SQL, [
    orgs.map((o) => o.orgId),
    orgs.map((o) => `%${o.marker}%`),
  ]);
  const byTable: Record<string, string[]> = Object.fromEntries(["organizations", "users", ...TENANT_TABLES, ...USER_TABLES].map((t) => [t, []]));
  for (const r of rows) byTable[r.t].push(r.row);
  for (const list of Object.values(byTable)) list.sort();
  return byTable;
}

/** Runs one request and asserts that no row of the given orgs was created, changed or deleted. */
export async function withoutWrites<T>(orgs: SeededOrg[], request: () => Promise<T>): Promise<T> {
  const before = await fingerprint(orgs);
  const result = await request();
  expect(await fingerprint(orgs), "a refused request must write nothing").toEqual(before);
  return result;
}

export interface RawRequest {
  token?: string;
  headers?: Record<string, string>;
  /** Sent as-is: text, bytes, or a stream (sent chunked, without a Content-Length). */
  body?: string | Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array>;
  /** Send the body with no Content-Type at all (by default a body goes out as application/json). */
  omitContentType?: boolean;
  /** Aborts the request as a client hanging up would (the handler sees req.signal fire). */
  signal?: AbortSignal;
  /** How long an event stream is watched after its first chunk to see that it stays open (default 300 ms; 0: not at all). */
  holdOpenMs?: number;
}

/**
 * Like call() in ./api, but the body goes out exactly as given. The route handler sees the
 * request as Next would hand it over, including a Content-Length header when the test sets one.
 */
export async function send(method: Method, pathAndQuery: string, options: RawRequest = {}): Promise<ApiResponse> {
  const url = new URL(pathAndQuery, "http://localhost:3000");
  const route = ROUTE_FILES.find((r) => r.pattern.test(url.pathname));
  if (!route) throw new Error(`no route file for ${url.pathname}`);
  const match = route.pattern.exec(url.pathname)!;
  const params = Object.fromEntries(route.paramNames.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
  const handler = ((await import(route.file)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>)[method];
  if (!handler) throw new Error(`${route.template} exports no ${method}`);
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let payload = options.body;
  if (options.omitContentType) {
    // A string body would make Request add text/plain; bytes go out without any Content-Type.
    headers.delete("content-type");
    if (typeof payload === "string") payload = new TextEncoder().encode(payload);
  } else if (payload !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const client = new AbortController();
  const signal = options.signal ? AbortSignal.any([client.signal, options.signal]) : client.signal;
  const init: RequestInit & { duplex?: "half" } = { method, headers, body: payload, signal };
  if (payload instanceof ReadableStream) init.duplex = "half";
  const res = await handler(new Request(url, init), { params: Promise.resolve(params) });
  const text = await readBody(res, client, options.holdOpenMs ?? 300);
  let body: unknown = text;
  try {
    if (typeof text === "string") body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON; the shape assertion will say so
  }
  return { status: res.status, body, headers: res.headers };
}

/**
 * The response text. An event stream never ends, so of one only the first chunk is read, plus a
 * look whether it is still open a moment later (a stream that ends at once is broken), then the
 * client hangs up: the body is `{ first, open }`.
 */
async function readBody(res: Response, client: AbortController, holdOpenMs: number): Promise<unknown> {
  if (!res.headers.get("content-type")?.startsWith("text/event-stream") || !res.body) return res.text();
  const reader = res.body.getReader();
  try {
    const first = await reader.read();
    if (holdOpenMs <= 0) return { first: first.value ? new TextDecoder().decode(first.value) : "", open: !first.done };
    const later = await Promise.race([reader.read(), new Promise<"open">((resolve) => setTimeout(resolve, holdOpenMs, "open"))]);
    return { first: first.value ? new TextDecoder().decode(first.value) : "", open: later === "open" };
  } finally {
    client.abort();
    await reader.cancel().catch(() => {});
  }
}

/** A body streamed in 16 KiB chunks, so the server cannot know its size in advance. */
export function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 16 * 1024));
      offset += 16 * 1024;
    },
  });
}

/** The contract's error: this status and code, `{error:{code,message}}`, JSON, never a 5xx. */
export function expectError(res: ApiResponse, status: number, code: string, context = ""): void {
  const where = `${context} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  expect(res.status, where).toBe(status);
  expect(res.headers.get("content-type") ?? "", where).toMatch(/^application\/json/);
  expect(res.body?.error?.code, where).toBe(code);
  expect(typeof res.body.error.message, where).toBe("string");
  expect(res.body.error.message.length, where).toBeGreaterThan(0);
}

/** 422 validation_failed with details.issues, each a path (array of strings) and a message. */
export function expectValidationIssues(res: ApiResponse, context = ""): { path: string[]; message: string }[] {
  expectError(res, 422, "validation_failed", context);
  const issues = res.body.error.details?.issues;
  expect(Array.isArray(issues) && issues.length > 0, `${context}: details.issues`).toBe(true);
  for (const issue of issues) {
    expect(Array.isArray(issue.path), `${context}: issue.path`).toBe(true);
    for (const part of issue.path) expect(typeof part).toBe("string");
    expect(typeof issue.message === "string" && issue.message.length > 0, `${context}: issue.message`).toBe(true);
  }
  return issues;
}

/**
 * Any answer of the contract: never a 5xx, and a 4xx is JSON `{"error": {"code", "message",
 * "details"?}}` and nothing else, with a snake_case code (422 validation_failed also lists its issues).
 */
export function expectContractAnswer(res: ApiResponse, context = ""): void {
  const where = `${context} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  if (res.status < 400) return;
  expect(res.headers.get("content-type") ?? "", where).toMatch(/^application\/json/);
  expect(Object.keys(res.body ?? {}), where).toEqual(["error"]);
  const { code, message, details, ...rest } = res.body.error;
  expect(rest, where).toEqual({});
  expect(code, where).toMatch(/^[a-z]+(_[a-z]+)*$/);
  expect(typeof message === "string" && message.length > 0, `${where}: message`).toBe(true);
  if (details !== undefined) expect(details !== null && typeof details === "object" && !Array.isArray(details), `${where}: details`).toBe(true);
  if (code === "validation_failed") expectValidationIssues(res, context);
}
