import { randomUUID } from "node:crypto";
import type { Role } from "../../lib/roles";
import { type Method, ROUTE_FILES, routeMethods } from "./api";
import { SoftAuthenticator } from "./soft-authenticator";
import type { RawRequest, SeededOrg } from "./two-orgs";

/**
 * What the bad-input and tenant-isolation suites need to know about every (method, route): who
 * may call it, which real ids fill its path, and one valid body. The suites iterate the route
 * files, not this table, and fail on any route missing here, so a new route cannot escape them.
 */
export type IdKind = "pendingIntent" | "allowedIntent" | "executedIntent" | "agent" | "member" | "lease" | "review" | "webhook" | "delivery" | "invitation" | "group" | "notification";
/**
 * Path segment kinds: every IdKind, plus `token` (a member's personal access token id,
 * SeededOrg.ids.token) and `passkey` (one of the admin's passkeys, SeededOrg.ids.passkey).
 */
export type ParamKind = IdKind | "token" | "passkey";
/** "json" = a JSON object with fields; "empty" = an optional, empty JSON object; "policy" = YAML or JSON text. */
export type BodyKind = "json" | "empty" | "policy";
/** "list" = ?limit/?cursor plus filters; "wait" = GET /intents/{id}'s ?wait; "filters" = filters only. */
export type QueryKind = "list" | "wait" | "filters";

/**
 * An id a request names outside its path: a body field (a dotted path into `valid`, such as
 * "intent_ids.0") or a query parameter ("?agent"). The tenant-isolation suite sets it to org B's
 * id of this kind (`org`: the organization's id; `agentName`: an agent's name, which routes take
 * in place of its id) and expects exactly the answer a nonexistent one gets.
 */
export interface IdRef {
  at: string;
  kind: ParamKind | "org" | "agentName";
  /** Body fields set next to it, so that the id is read at all (a resume needs stage "resume"). */
  with?: Record<string, unknown>;
  /** How the route refuses an unknown id, when not with 404 not_found (a batch answers per item). */
  refusal?: "per_item" | { status: number; code: string };
}

export interface RouteCase {
  caller: "agent" | "user" | "any" | "public";
  /** Minimum member role, for user callers. */
  role?: Role;
  /**
   * The route acts only for a signed-in dashboard session (next-auth cookie plus a same-site
   * Origin), never for a bearer token: the suites call it as the admin's session (the members
   * below `role` with their own sessions), and a member token gets 403 with this code.
   */
  sessionOnly?: "forbidden" | "step_up_required";
  params?: Record<string, ParamKind>;
  body?: BodyKind;
  query?: QueryKind;
  /** A body that passes validation, addressed to the given org's rows. */
  valid?: (org: SeededOrg) => unknown;
  /**
   * Every id the body or query names (path ids come from `params`); `[]` when it names none.
   * Required for every route with a body or a query, so that a new one is checked for leaks.
   */
  refs?: IdRef[];
}

const pendingIntentParam = { id: "pendingIntent" } as const;

/**
 * A well-formed attestation (a real one, by the test authenticator) over a challenge the server
 * never issued: it passes validation, and a session sending it would be refused (replayed_or_unknown).
 */
const ATTESTATION = new SoftAuthenticator().register({ challenge: "bm90LWlzc3VlZC1ieS10aGUtc2VydmVy", rp: { id: "localhost" } }).response;

export const ROUTE_TABLE: Record<string, RouteCase> = {
  "GET /api/v1/agents": { caller: "user", role: "viewer", query: "list", refs: [] },
  "POST /api/v1/agents": {
    caller: "user",
    role: "admin",
    body: "json",
    valid: (o) => ({ name: `new-bot-${o.marker}`, owner_id: o.ids.member }),
    refs: [{ at: "owner_id", kind: "member", refusal: { status: 422, code: "validation_failed" } }],
  },
  "DELETE /api/v1/agents/[id]": { caller: "user", role: "admin", params: { id: "agent" } },
  "POST /api/v1/agents/[id]/rotate": { caller: "user", role: "admin", params: { id: "agent" }, body: "empty", valid: () => ({}), refs: [] },
  "GET /api/v1/approvals": { caller: "user", role: "viewer", query: "list", refs: [{ at: "?agent", kind: "agent" }, { at: "?agent", kind: "agentName" }] },
  "POST /api/v1/approvals/[intentId]/approve": {
    caller: "user",
    role: "approver",
    params: { intentId: "pendingIntent" },
    body: "json",
    valid: () => ({ reason: "checked", note: "fine" }),
    refs: [],
  },
  "POST /api/v1/approvals/[intentId]/reject": {
    caller: "user",
    role: "approver",
    params: { intentId: "pendingIntent" },
    body: "json",
    valid: () => ({ reason: "not now", note: "later" }),
    refs: [],
  },
  "POST /api/v1/approvals/[intentId]/step-up": {
    caller: "user",
    role: "approver",
    sessionOnly: "step_up_required",
    params: { intentId: "pendingIntent" },
    body: "empty",
    valid: () => ({}),
    refs: [],
  },
  "POST /api/v1/approvals/batch": {
    caller: "user",
    role: "approver",
    body: "json",
    valid: (o) => ({ intent_ids: [o.ids.pendingIntent], decision: "reject", reason: "batch no" }),
    refs: [
      { at: "intent_ids.0", kind: "pendingIntent", refusal: "per_item" },
      { at: "intent_ids.0", kind: "allowedIntent", refusal: "per_item" },
    ],
  },
  "GET /api/v1/audit": {
    caller: "user",
    role: "viewer",
    query: "list",
    refs: [
      { at: "?actor", kind: "agent" },
      { at: "?subject", kind: "member" },
      { at: "?subject", kind: "pendingIntent" },
      { at: "?subject", kind: "lease" },
    ],
  },
  "GET /api/v1/audit/verify": { caller: "user", role: "viewer", query: "filters", refs: [] },
  "GET /api/v1/audit/checkpoints": { caller: "user", role: "viewer", query: "list", refs: [] },
  "GET /.well-known/jwks.json": { caller: "public" },
  "GET /api/v1/audit/export": {
    caller: "user",
    role: "viewer",
    query: "filters",
    refs: [
      { at: "?actor", kind: "agent" },
      { at: "?subject", kind: "member" },
      { at: "?subject", kind: "pendingIntent" },
      { at: "?subject", kind: "lease" },
    ],
  },
  "POST /api/v1/auth/token": {
    caller: "public",
    body: "json",
    valid: (o) => ({ email: o.admin.email, password: o.password, org_id: o.orgId, name: "bad-input" }),
    refs: [{ at: "org_id", kind: "org", refusal: { status: 401, code: "invalid_credentials" } }],
  },
  "POST /api/v1/auth/passkey": { caller: "public", body: "empty", valid: () => ({}), refs: [] },
  // An email with no account: the suites' requests must not start real resets (the answer is the same).
  "POST /api/v1/auth/password-reset": { caller: "public", body: "json", valid: (o) => ({ email: `nobody-${o.marker}@example.test` }), refs: [] },
  // A well-formed token nobody was sent: 410 reset_token_invalid, changing nothing.
  "POST /api/v1/auth/password-reset/confirm": { caller: "public", body: "json", valid: () => ({ token: `tg_pwr_${"x".repeat(43)}`, password: "a long enough passphrase" }), refs: [] },
  // An email with an account: the suites' requests must not make accounts (the answer is the same; a mail says so).
  "POST /api/v1/auth/signup": { caller: "public", body: "json", valid: (o) => ({ email: o.admin.email, password: "a long enough passphrase", name: `n-${o.marker}` }), refs: [] },
  // A well-formed token nobody was sent: 410 verification_invalid, changing nothing.
  "POST /api/v1/auth/verify-email": { caller: "public", body: "json", valid: () => ({ token: `tg_vfy_${"x".repeat(43)}` }), refs: [] },
  // Public with optional auth, like accepting an invitation: called by nobody, it is 401 and creates nothing.
  "POST /api/v1/orgs": { caller: "public", body: "json", valid: (o) => ({ name: `org-${o.marker}-${randomUUID().slice(0, 8)}` }), refs: [] },
  "GET /api/v1/events": { caller: "user", role: "viewer" },
  "GET /api/v1/intents": { caller: "any", query: "list", refs: [{ at: "?agent", kind: "agent" }, { at: "?agent", kind: "agentName" }] },
  "POST /api/v1/intents": {
    caller: "agent",
    body: "json",
    valid: () => ({
      action: "bad.allow",
      stage: "run",
      amount: 10,
      currency: "USD",
      risk_tags: ["payment"],
      payload: { n: 1 },
      summary: { title: "a title" },
      rationale: "because",
      context: { confidence: 0.5 },
    }),
    refs: [
      { at: "lease_id", kind: "lease", with: { action: "email.send", destination: "mail.example.com" } },
      { at: "resumes", kind: "pendingIntent", with: { stage: "resume" } },
      { at: "resumes", kind: "allowedIntent", with: { stage: "resume" } },
    ],
  },
  "GET /api/v1/intents/[id]": { caller: "any", params: pendingIntentParam, query: "wait", refs: [] },
  "POST /api/v1/intents/[id]/cancel": { caller: "agent", params: pendingIntentParam, body: "json", valid: () => ({ reason: "withdrawn" }), refs: [] },
  "GET /api/v1/intents/[id]/decisions": { caller: "any", params: pendingIntentParam },
  "GET /api/v1/intents/[id]/receipt": { caller: "any", params: { id: "executedIntent" } },
  "POST /api/v1/intents/[id]/execute": {
    caller: "agent",
    params: { id: "allowedIntent" },
    body: "json",
    valid: (o) => ({ execution_token: o.exec.token, payload_hash: o.exec.payloadHash }),
    refs: [],
  },
  "POST /api/v1/intents/[id]/result": {
    caller: "agent",
    params: { id: "allowedIntent" },
    body: "json",
    valid: () => ({ status: "failed", output: { ok: false }, error: "boom" }),
    refs: [],
  },
  "GET /api/v1/leases": { caller: "any", query: "list", refs: [] },
  "POST /api/v1/leases": {
    caller: "agent",
    body: "json",
    valid: () => ({
      capabilities: ["email.send"],
      destinations: ["*.example.com"],
      spend_limit: { amount: 100, currency: "USD", window: "24h" },
      ttl: "8h",
      purpose: "bad-input",
    }),
    refs: [],
  },
  "GET /api/v1/leases/[id]": { caller: "any", params: { id: "lease" } },
  "POST /api/v1/leases/[id]/delegate": {
    caller: "agent",
    params: { id: "lease" },
    body: "json",
    valid: (o) => ({
      agent: o.helperAgent.name,
      capabilities: ["email.send"],
      destinations: ["mail.example.com"],
      spend_limit: { amount: 10, currency: "USD", window: "24h" },
      ttl: "1h",
      purpose: "hand over",
    }),
    refs: [{ at: "agent", kind: "agent" }, { at: "agent", kind: "agentName" }],
  },
  // Members need approver+ to renew or revoke; the agent may do either to its own lease.
  "POST /api/v1/leases/[id]/renew": {
    caller: "any",
    role: "approver",
    params: { id: "lease" },
    body: "json",
    valid: () => ({
      ttl: "2h",
      spend_limit: { amount: 50, currency: "USD", window: "24h" },
      capabilities: ["email.send"],
      destinations: ["mail.example.com"],
      reason: "narrower",
    }),
    refs: [],
  },
  "POST /api/v1/leases/[id]/revoke": { caller: "any", role: "approver", params: { id: "lease" }, body: "json", valid: () => ({ reason: "done" }), refs: [] },
  "GET /api/v1/me": { caller: "any" },
  "GET /api/v1/members": { caller: "user", role: "viewer", query: "list", refs: [] },
  "GET /api/v1/metrics": { caller: "user", role: "viewer", query: "filters", refs: [{ at: "?agent", kind: "agent" }, { at: "?agent", kind: "agentName" }] },
  "POST /api/v1/members": {
    caller: "user",
    role: "admin",
    body: "json",
    valid: (o) => ({ email: `new-member@${o.marker}.test`, role: "viewer" }),
    refs: [],
  },
  "GET /api/v1/invitations": { caller: "user", role: "admin", query: "list", refs: [] },
  "DELETE /api/v1/invitations/[id]": { caller: "user", role: "admin", params: { id: "invitation" } },
  // The seeded invitation's own token: accepted, it makes a new account (with the password) in that org.
  "POST /api/v1/invitations/accept": { caller: "public", body: "json", valid: (o) => ({ token: o.invitationToken, password: o.password }), refs: [] },
  "PATCH /api/v1/members/[userId]": { caller: "user", role: "admin", params: { userId: "member" }, body: "json", valid: () => ({ role: "publisher" }), refs: [] },
  "DELETE /api/v1/members/[userId]": { caller: "user", role: "admin", params: { userId: "member" } },
  // A group holds members of its own org only: another org's member is refused like an unknown id, with 422.
  "POST /api/v1/groups": {
    caller: "user",
    role: "admin",
    body: "json",
    valid: (o) => ({ name: `g-${randomUUID().slice(0, 8)}`, member_ids: [o.ids.member] }),
    refs: [{ at: "member_ids.0", kind: "member", refusal: { status: 422, code: "validation_failed" } }],
  },
  "GET /api/v1/groups": { caller: "user", role: "admin", query: "list", refs: [] },
  "PATCH /api/v1/groups/[name]": {
    caller: "user",
    role: "admin",
    params: { name: "group" },
    body: "json",
    valid: (o) => ({ member_ids: [o.ids.member] }),
    refs: [{ at: "member_ids.0", kind: "member", refusal: { status: 422, code: "validation_failed" } }],
  },
  "DELETE /api/v1/groups/[name]": { caller: "user", role: "admin", params: { name: "group" } },
  "GET /api/v1/me/notifications": { caller: "user", role: "viewer" },
  "PUT /api/v1/me/notifications": {
    caller: "user",
    role: "viewer",
    body: "json",
    valid: (o) => ({ email_events: ["approval_request"], muted_agents: [o.ids.agent], digest: true }),
    refs: [{ at: "muted_agents.0", kind: "agent", refusal: { status: 422, code: "validation_failed" } }],
  },
  "POST /api/v1/me/slack-link": { caller: "user", role: "viewer", sessionOnly: "forbidden", body: "json", valid: () => ({ token: "eyJhbGciOiJIUzI1NiJ9.eyJvcmciOiJ4In0.c2lnbmF0dXJl" }), refs: [] },
  "GET /api/v1/notifications": { caller: "user", role: "admin", query: "list", refs: [{ at: "?intent_id", kind: "pendingIntent" }] },
  "GET /api/v1/notifications/[id]": { caller: "user", role: "admin", params: { id: "notification" } },
  "GET /api/v1/integrations/slack": { caller: "user", role: "admin" },
  "PUT /api/v1/integrations/slack": {
    caller: "user",
    role: "admin",
    body: "json",
    valid: () => ({ bot_token: "xoxb-1111-2222-abcdefABCDEF", signing_secret: "8f742231b10e8888abcd0000000085a5", default_channel: "#approvals" }),
    refs: [],
  },
  "DELETE /api/v1/integrations/slack": { caller: "user", role: "admin" },
  "PUT /api/v1/me/availability": { caller: "user", role: "viewer", body: "json", valid: () => ({ away_until: null }), refs: [] },
  "GET /api/v1/openapi.json": { caller: "public" },
  "GET /api/v1/passkeys": { caller: "user", role: "viewer" },
  "POST /api/v1/passkeys": {
    caller: "user",
    role: "viewer",
    sessionOnly: "forbidden",
    body: "json",
    valid: () => ({ name: "Work laptop", response: ATTESTATION }),
    refs: [],
  },
  // The first passkey is confirmed with the password (a member with passkeys needs an assertion: 403 reauth_required).
  "POST /api/v1/passkeys/options": { caller: "user", role: "viewer", sessionOnly: "forbidden", body: "json", valid: (o) => ({ password: o.password }), refs: [] },
  "POST /api/v1/passkeys/reauth": { caller: "user", role: "viewer", sessionOnly: "forbidden", body: "empty", valid: () => ({}), refs: [] },
  "DELETE /api/v1/passkeys/[id]": { caller: "user", role: "viewer", sessionOnly: "forbidden", params: { id: "passkey" } },
  "GET /api/v1/policy": { caller: "user", role: "viewer" },
  "PUT /api/v1/policy": { caller: "user", role: "admin", body: "policy", valid: () => "version: 1\ndefault: deny\nrules: []\n", refs: [] },
  "POST /api/v1/policy/simulate": {
    caller: "user",
    role: "viewer",
    body: "json",
    valid: (o) => ({ policy: "version: 1\ndefault: allow\n", intents: [o.ids.pendingIntent], limit: 10 }),
    refs: [
      { at: "intents.0", kind: "pendingIntent" },
      { at: "intents.0", kind: "allowedIntent" },
    ],
  },
  "GET /api/v1/policy/versions": { caller: "user", role: "viewer", query: "list", refs: [] },
  "POST /api/v1/policy/validate": {
    caller: "user",
    role: "viewer",
    body: "json",
    valid: () => ({ policy: "version: 1\ndefault: deny\nrules: []\n", format: "yaml" }),
    refs: [],
  },
  "GET /api/v1/reviews": { caller: "user", role: "viewer", query: "list", refs: [] },
  "POST /api/v1/reviews/[id]": { caller: "user", role: "approver", params: { id: "review" }, body: "json", valid: () => ({ verdict: "right", note: "checked" }), refs: [] },
  "GET /api/v1/tokens": { caller: "user", role: "viewer", query: "list", refs: [] },
  "POST /api/v1/tokens": { caller: "user", role: "viewer", body: "json", valid: (o) => ({ name: `cli-${o.marker}`, expires_in_days: 30 }), refs: [] },
  "DELETE /api/v1/tokens/[id]": { caller: "user", role: "viewer", params: { id: "token" } },
  "GET /api/v1/webhooks": { caller: "user", role: "admin", query: "list", refs: [] },
  "POST /api/v1/webhooks": {
    caller: "user",
    role: "admin",
    body: "json",
    valid: (o) => ({ url: `https://hooks.${o.marker}.example.com/tollgate`, events: ["intent.pending", "lease.expiring_soon"], secret: `whsec_${o.marker}_0123456789` }),
    refs: [],
  },
  "GET /api/v1/webhooks/[id]": { caller: "user", role: "admin", params: { id: "webhook" } },
  "PATCH /api/v1/webhooks/[id]": {
    caller: "user",
    role: "admin",
    params: { id: "webhook" },
    body: "json",
    valid: (o) => ({ url: `https://hooks.${o.marker}.example.com/v2`, events: ["*"], active: true }),
    refs: [],
  },
  "DELETE /api/v1/webhooks/[id]": { caller: "user", role: "admin", params: { id: "webhook" } },
  "POST /api/v1/webhooks/[id]/rotate-secret": {
    caller: "user",
    role: "admin",
    params: { id: "webhook" },
    body: "json",
    valid: (o) => ({ secret: `whsec_rotated_${o.marker}_0123456789` }),
    refs: [],
  },
  "GET /api/v1/webhooks/[id]/deliveries": { caller: "user", role: "admin", params: { id: "webhook" }, query: "list", refs: [] },
  "POST /api/v1/webhooks/[id]/deliveries/[deliveryId]/redeliver": {
    caller: "user",
    role: "admin",
    params: { id: "webhook", deliveryId: "delivery" },
    body: "empty",
    valid: () => ({}),
    refs: [],
  },
};

/**
 * Routes deliberately outside the suites. /api/health takes no auth, no body, no ids and no
 * query, so there is no bad input to give it. The [...path] catch-all is not a route of the
 * contract: it answers every method with a static 404 and never reads the request. The
 * next-auth handler is the dashboard's cookie sign-in, not the JSON contract; it is next-auth's
 * code, and it needs Next's request scope (next/headers), which in-process calls do not have.
 */
export const EXCLUDED_ROUTES = new Set(["/api/health", "/api/v1/[...path]", "/api/auth/[...nextauth]"]);

export interface RouteEntry {
  key: string;
  method: Method;
  template: string;
  spec: RouteCase | undefined;
}

/** Every (method, route) the route files export, with its table entry (undefined when missing). */
export async function routeEntries(): Promise<RouteEntry[]> {
  const entries: RouteEntry[] = [];
  for (const route of ROUTE_FILES) {
    if (EXCLUDED_ROUTES.has(route.template)) continue;
    for (const method of await routeMethods(route)) {
      const key = `${method} ${route.template}`;
      entries.push({ key, method, template: route.template, spec: ROUTE_TABLE[key] });
    }
  }
  return entries;
}

/**
 * The concrete path of a route template with the given org's ids in its dynamic segments. An
 * override stands for every segment: the suites pass one odd id for all kinds, or ids that exist
 * nowhere, so a kind the override does not name (one added after it was written) takes any of its
 * values, which is just as odd or just as nonexistent there.
 */
export function pathFor(entry: RouteEntry, org: SeededOrg, override?: Partial<Record<ParamKind, string>>): string {
  return entry.template.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    const kind = entry.spec?.params?.[name];
    if (!kind) throw new Error(`${entry.key}: no id kind for [${name}] in ROUTE_TABLE`);
    const id = override ? (override[kind] ?? Object.values(override).find((v) => v !== undefined)) : org.ids[kind];
    if (id === undefined) throw new Error(`${entry.key}: no id for [${name}]`);
    return encodeURIComponent(id);
  });
}

/** The path with org's own ids in its segments, except the named segments, which get the given ids. */
export function pathWith(entry: RouteEntry, org: SeededOrg, bySegment: Record<string, string>): string {
  return entry.template.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    const kind = entry.spec?.params?.[name];
    if (!kind) throw new Error(`${entry.key}: no id kind for [${name}] in ROUTE_TABLE`);
    return encodeURIComponent(bySegment[name] ?? org.ids[kind]);
  });
}

/** A token of the kind and role the route wants (the admin for "any" and "public" routes). */
export function callerToken(spec: RouteCase, org: SeededOrg): string {
  return spec.caller === "agent" ? org.agent.key : org.admin.token;
}

/**
 * The request `request` as the route's rightful caller: callerToken as a bearer token, or for a
 * sessionOnly route the admin's dashboard session (cookie and same-site Origin). Headers merge.
 */
export function asCaller<R extends RawRequest>(spec: RouteCase, org: SeededOrg, request: R = {} as R): R {
  if (!spec.sessionOnly) return { token: callerToken(spec, org), ...request };
  return { ...request, headers: { ...org.sessions.admin, ...request.headers } };
}
