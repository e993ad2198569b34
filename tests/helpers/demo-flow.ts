import { readFileSync } from "node:fs";
import path from "node:path";
import { verifyWebhook } from "@tollgate/sdk";
import { expect } from "vitest";
import type { Demo } from "./demo-process";
import type { Receiver } from "./webhook-receiver";

// What a newcomer does with a running demo, over HTTP, in groups that the test separates by pauses
// longer than the pool's idle timeout. Every answer is recorded, so the test can insist on zero 5xx.

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of many shapes
  body: any;
}

export class DemoClient {
  readonly answers: { call: string; status: number }[] = [];

  constructor(readonly demo: Demo) {}

  async call(method: string, pathname: string, token: string | null, body?: unknown, contentType = "application/json"): Promise<Answer> {
    const headers: Record<string, string> = { "content-type": contentType };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${this.demo.url}${pathname}`, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
    const text = await res.text();
    this.answers.push({ call: `${method} ${pathname}`, status: res.status });
    return { status: res.status, body: text && res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
  }

  /** The call, insisting on `status`; the failure message carries the body. */
  async expect(status: number, method: string, pathname: string, token: string | null, body?: unknown, contentType?: string) {
    const answer = await this.call(method, pathname, token, body, contentType);
    expect(answer.status, `${method} ${pathname}: ${JSON.stringify(answer.body)}`).toBe(status);
    return answer.body;
  }

  serverErrors() {
    return this.answers.filter((a) => a.status >= 500);
  }
}

/** State the groups pass on to each other. */
export interface FlowState {
  adminToken: string;
  agentKey: string;
  allowed: Answer["body"];
  pending: Answer["body"];
  denied: Answer["body"];
}

const refund = (amount: number, confidence: number) => ({
  action: "payment.refund",
  environment: "production",
  amount,
  currency: "USD",
  payload: { charge: `ch_${amount}`, amount },
  context: { confidence },
});

/** Group 1: an admin creates an agent and saves a policy; the agent proposes (allow, deny, pending). */
export async function createAgentPolicyAndPropose(client: DemoClient, adminToken: string): Promise<FlowState> {
  const agent = await client.expect(201, "POST", "/api/v1/agents", adminToken, { name: "newcomer-bot", description: "made by the newcomer test" });
  expect(agent.api_key).toMatch(/^tg_agent_/);
  const policy = `${readFileSync(path.join(client.demo.dir, "prisma/demo-policy.yaml"), "utf8")}
  - id: newcomer-reports
    priority: 15
    match: { action: report.generate }
    decision: allow
    reason: Reports are read-only
`;
  const saved = await client.expect(200, "PUT", "/api/v1/policy", adminToken, policy, "application/yaml");
  expect(saved.version).toBeGreaterThanOrEqual(2);
  const allowed = await client.expect(201, "POST", "/api/v1/intents", agent.api_key, refund(40, 0.97));
  expect(allowed).toMatchObject({ status: "allowed", decision: { rule_id: "small-refunds" } });
  expect(allowed.execution_token).toMatch(/^tg_exec_/);
  // A burst at once, well past the pool's 10 connections, so the pool opens more than the sweeper and the
  // webhook worker keep busy (the pause then closes the rest). With 8 it sometimes reused what was open.
  const reports = await Promise.all(
    Array.from({ length: 24 }, (_, i) => client.expect(201, "POST", "/api/v1/intents", agent.api_key, { action: "report.generate", payload: { report: `weekly-${i}` } })),
  );
  for (const report of reports) expect(report).toMatchObject({ status: "allowed", decision: { rule_id: "newcomer-reports" } });
  const denied = await client.expect(201, "POST", "/api/v1/intents", agent.api_key, { action: "crm.delete_contact", payload: { contact: 7 } });
  expect(denied).toMatchObject({ status: "denied", decision: { reason_code: "destructive_action" } });
  expect(denied.execution_token).toBeUndefined();
  const pending = await client.expect(201, "POST", "/api/v1/intents", agent.api_key, {
    action: "deploy.release",
    environment: "production",
    payload: { service: "billing-api", after: { image: "billing:2.0.0" } },
    summary: { title: "Deploy billing-api 2.0.0" },
  });
  expect(pending).toMatchObject({ status: "pending_approval", decision: { rule_id: "prod-deploys", reason_code: "approval_required" } });
  expect(pending.execution_token).toBeUndefined();
  return { adminToken, agentKey: agent.api_key, allowed, pending, denied };
}

/** Group 2: the agent long-polls, a human approves, the poll wakes with the token; both intents execute and report. */
export async function approveWakeExecuteReport(client: DemoClient, state: FlowState): Promise<void> {
  // The first proposals after the pause, at once, so the pool opens new connections beside any the
  // sweeper kept alive: on the old embedded server these answered 500 (42P05), their statement
  // already prepared in PGlite's session by connections the pool had since closed.
  const after = await Promise.all(
    Array.from({ length: 6 }, (_, i) => client.expect(201, "POST", "/api/v1/intents", state.agentKey, { action: "report.generate", payload: { report: `after-pause-${i}` } })),
  );
  for (const intent of after) expect(intent.status).toBe("allowed");
  const started = Date.now();
  const poll = client.call("GET", `/api/v1/intents/${state.pending.id}?wait=30`, state.agentKey);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const approved = await client.expect(200, "POST", `/api/v1/approvals/${state.pending.id}/approve`, state.adminToken, { reason: "Staging has been green for a day" });
  expect(approved.status).toBe("approved");
  const woken = await poll;
  expect(woken.status).toBe(200);
  expect(woken.body.status).toBe("approved");
  // Answered by the approval, not by the end of its 30 s wait.
  expect(Date.now() - started).toBeLessThan(25_000);
  expect(woken.body.execution_token).toMatch(/^tg_exec_/);

  for (const [intent, token, outcome] of [
    [state.pending, woken.body.execution_token, "succeeded"],
    [state.allowed, state.allowed.execution_token, "failed"],
  ] as const) {
    const executing = await client.expect(200, "POST", `/api/v1/intents/${intent.id}/execute`, state.agentKey, { execution_token: token, payload_hash: intent.payload_hash });
    expect(executing.status).toBe("executing");
    const again = await client.call("POST", `/api/v1/intents/${intent.id}/execute`, state.agentKey, { execution_token: token, payload_hash: intent.payload_hash });
    expect(again).toMatchObject({ status: 409, body: { error: { code: "token_used" } } });
    const result = outcome === "succeeded" ? { status: outcome, output: { deployed: true } } : { status: outcome, error: "card_declined" };
    const finished = await client.expect(200, "POST", `/api/v1/intents/${intent.id}/result`, state.agentKey, result);
    expect(finished.status).toBe(outcome);
  }
}

/** Group 3: lists, metrics, the audit trail and its check. */
export async function listsMetricsAudit(client: DemoClient, state: FlowState): Promise<void> {
  const mine = await client.expect(200, "GET", "/api/v1/intents?limit=200", state.agentKey);
  expect(mine.items.map((i: { id: string }) => i.id).sort()).toEqual(expect.arrayContaining([state.allowed.id, state.pending.id, state.denied.id]));
  expect(mine.items.every((i: { agent: { name: string } | string }) => JSON.stringify(i).includes("newcomer-bot"))).toBe(true);
  const org = await client.expect(200, "GET", "/api/v1/intents?status=succeeded&limit=5", state.adminToken);
  expect(org.items.length).toBeGreaterThan(0);
  expect(org.next_cursor).not.toBeNull(); // the seeded history pages on
  const queue = await client.expect(200, "GET", "/api/v1/approvals", state.adminToken);
  expect(queue.items.length).toBeGreaterThan(0);
  const decisions = await client.expect(200, "GET", `/api/v1/intents/${state.pending.id}/decisions`, state.adminToken);
  const kinds = decisions.items.map((d: { kind: string }) => d.kind);
  expect(kinds.filter((k: string) => k !== "notification")).toEqual(["policy", "assignment", "approval", "execution"]);
  // The reviewers were told (held in the demo's mailbox, no SMTP_URL), in the same log; the notifier's timing is its own.
  expect(kinds).toContain("notification");
  const metrics = await client.expect(200, "GET", "/api/v1/metrics", state.adminToken);
  expect(metrics.intents).toBeGreaterThan(1000);
  expect(metrics.time_to_approve_p50_s).toBeGreaterThan(0);
  expect(metrics.reviewer_burden.length).toBeGreaterThanOrEqual(3);
  const audit = await client.expect(200, "GET", "/api/v1/audit?limit=200", state.adminToken);
  expect(audit.items.length).toBe(200);
  const verify = await client.expect(200, "GET", "/api/v1/audit/verify", state.adminToken);
  expect(verify).toMatchObject({ ok: true });
  expect(verify.events).toBeGreaterThan(1000);
}

/** Group 4: a lease requested, granted by a human, used within its scope and refused outside it. */
export async function leaseGrantedAndUsed(client: DemoClient, state: FlowState): Promise<void> {
  const requested = await client.expect(201, "POST", "/api/v1/leases", state.agentKey, {
    capabilities: ["crm.update*"],
    destinations: ["crm.example.com"],
    spend_limit: { amount: 200, currency: "USD", window: "24h" },
    ttl: "2h",
    purpose: "Tidy up duplicate CRM contacts",
  });
  expect(requested.status).toBe("pending_approval");
  await client.expect(200, "POST", `/api/v1/approvals/${requested.request_intent_id}/approve`, state.adminToken, { reason: "Scope is narrow enough" });
  const inside = await client.expect(201, "POST", "/api/v1/intents", state.agentKey, { action: "crm.update_contact", destination: "crm.example.com", amount: 50, currency: "USD", payload: { id: 1 }, lease_id: requested.id });
  expect(inside.status).toBe("allowed");
  const outside = await client.expect(201, "POST", "/api/v1/intents", state.agentKey, { action: "payment.refund", payload: { id: 2 }, lease_id: requested.id });
  expect(outside).toMatchObject({ status: "denied", decision: { reason_code: "out_of_scope" } });
  const lease = await client.expect(200, "GET", `/api/v1/leases/${requested.id}`, state.adminToken);
  expect(lease).toMatchObject({ status: "active", spent: 50, remaining: 150 });
}

/** Group 5: a webhook endpoint on this machine receives a signed delivery for a new pending intent. */
export async function webhookDelivered(client: DemoClient, state: FlowState, receiver: Receiver): Promise<void> {
  const webhook = await client.expect(201, "POST", "/api/v1/webhooks", state.adminToken, { url: receiver.url, events: ["intent.pending"] });
  const pending = await client.expect(201, "POST", "/api/v1/intents", state.agentKey, { action: "payment.refund", environment: "production", amount: 700, currency: "USD", payload: { charge: "ch_hook" } });
  const [hit] = await receiver.waitForHits(1, 30_000);
  const event = verifyWebhook<{ type: string; data: { id: string } }>({ secret: webhook.secret, header: hit.headers["tollgate-signature"] as string, body: hit.body });
  expect(event).toMatchObject({ type: "intent.pending", data: { id: pending.id } });
  // The worker records the outcome once the receiver's answer is in: a moment after the hit.
  let delivery: { status: string } | undefined;
  for (let tries = 0; tries < 50 && delivery?.status !== "delivered"; tries++) {
    if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    delivery = (await client.expect(200, "GET", `/api/v1/webhooks/${webhook.id}/deliveries`, state.adminToken)).items[0];
  }
  expect(delivery).toMatchObject({ status: "delivered" });
}
