import { expect } from "vitest";
import { call } from "./api";
import { sqlExec, sqlRows } from "./sql";

/** A lease request body; fields given override the defaults. */
export function leaseBody(overrides: Record<string, unknown> = {}) {
  return {
    capabilities: ["email.send", "crm.*"],
    destinations: ["*.example.com"],
    spend_limit: { amount: 500, currency: "USD", window: "24h" },
    ttl: "8h",
    purpose: "Quarterly outreach campaign",
    ...overrides,
  };
}

/** POST /leases as the agent, insisting on the 201 pending_approval. */
export async function requestLease(agentKey: string, overrides: Record<string, unknown> = {}) {
  const res = await call("POST", "/api/v1/leases", { token: agentKey, body: leaseBody(overrides) });
  if (res.status !== 201) throw new Error(`lease request failed (${res.status}): ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Approves a lease's create (or renew) intent as the given member. */
export async function approveRequest(memberToken: string, intentId: string, reason = "granted for the campaign") {
  const res = await call("POST", `/api/v1/approvals/${intentId}/approve`, { token: memberToken, body: { reason } });
  if (res.status !== 200) throw new Error(`approve failed (${res.status}): ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A lease requested by the agent and approved by the member: active, ready to use. */
export async function activeLease(agentKey: string, memberToken: string, overrides: Record<string, unknown> = {}) {
  const requested = await requestLease(agentKey, overrides);
  await approveRequest(memberToken, requested.request_intent_id);
  const lease = await getLease(agentKey, requested.id);
  expect(lease.status).toBe("active");
  return lease;
}

export async function getLease(token: string, leaseId: string) {
  const res = await call("GET", `/api/v1/leases/${leaseId}`, { token });
  if (res.status !== 200) throw new Error(`GET lease failed (${res.status}): ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Proposes under a lease and returns the raw response (a lease refusal is still a 201 denied intent). */
export function proposeUnder(agentKey: string, leaseId: string, body: Record<string, unknown>) {
  return call("POST", "/api/v1/intents", { token: agentKey, body: { payload: {}, ...body, lease_id: leaseId } });
}

/** Moves a lease's end so that only `share` of its ttl remains (negative: that much past its end). */
export function leaveShareOfTtl(leaseId: string, share: number) {
  return sqlExec("UPDATE leases SET expires_at = now() + make_interval(secs => ttl_seconds * $2::float8) WHERE id = $1", leaseId, share);
}

/** Rows of the events table (webhooks/SSE) of one type about one lease. */
export async function leaseEvents(orgId: string, type: string, leaseId: string): Promise<number> {
  const [row] = await sqlRows<{ n: number }>(
    "SELECT count(*)::int AS n FROM events WHERE org_id = $1 AND type = $2 AND data->>'id' = $3",
    orgId,
    type,
    leaseId,
  );
  return row.n;
}

/** Audit events of one type about one lease, through GET /audit. */
export async function leaseAudit(adminToken: string, type: string, leaseId: string) {
  const res = await call("GET", `/api/v1/audit?type=${encodeURIComponent(type)}&subject=${leaseId}&limit=200`, { token: adminToken });
  expect(res.status).toBe(200);
  return res.body.items as { type: string; subject: { type: string; id: string }; data: Record<string, unknown> }[];
}

/** An error answer with its code and, for refusals that carry one, details.reason_code. */
export function expectRefusal(res: { status: number; body: any }, status: number, code: string, reasonCode?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  if (reasonCode) expect(res.body.error.details?.reason_code).toBe(reasonCode);
}

/** A denied intent carrying the lease's reason code, without an execution token. */
export function expectDenied(res: { status: number; body: any }, reasonCode: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.status).toBe("denied");
  expect(res.body.decision.outcome).toBe("deny");
  expect(res.body.decision.reason_code).toBe(reasonCode);
  expect(res.body.execution_token).toBeUndefined();
}
