import { randomUUID } from "node:crypto";
import { bootstrapOrg } from "../../../lib/domain/orgs/bootstrap-org";

/** An org with an admin token and an agent key, and a policy with one path per decision. */
export interface BenchOrg {
  orgId: string;
  adminToken: string;
  agentId: string;
  agentKey: string;
}

export const BENCH_POLICY = `version: 1
default: deny
rules:
  - id: bench-allow
    match: { action: "bench.allow" }
    decision: allow
  - id: bench-approve
    match: { action: "bench.approve" }
    decision: require_approval
    sla: 24h
`;

/** Bootstraps the org in the database directly (as the CLI does), then uses the API like a customer. */
export async function createBenchOrg(baseUrl: string): Promise<BenchOrg> {
  const boot = await bootstrapOrg({ org: `bench-${randomUUID().slice(0, 8)}`, email: `bench-${randomUUID().slice(0, 8)}@bench.test`, password: "bench-password-123" });
  const admin = { authorization: `Bearer ${boot.token}` };
  const agent = await expectJson(fetch(`${baseUrl}/api/v1/agents`, { method: "POST", headers: { ...admin, "content-type": "application/json" }, body: JSON.stringify({ name: "bench-agent" }) }), 201);
  await expectJson(fetch(`${baseUrl}/api/v1/policy`, { method: "PUT", headers: { ...admin, "content-type": "application/yaml" }, body: BENCH_POLICY }), 200);
  return { orgId: boot.org_id, adminToken: boot.token, agentId: agent.id, agentKey: agent.api_key };
}

/** Awaits a response, checks its status and returns its JSON body. */
export async function expectJson(response: Promise<Response>, status: number): Promise<Record<string, string>> {
  const res = await response;
  const body = (await res.json()) as Record<string, string>;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** The body of a typical proposal (a few hundred bytes, like a real agent's). */
export function proposalBody(action: string): string {
  return JSON.stringify({
    action,
    stage: "run",
    environment: "production",
    destination: "api.example.com",
    risk_tags: ["outreach"],
    payload: { to: ["a@example.com", "b@example.com"], subject: "Quarterly update", template: "q3-update", count: 2 },
    summary: { title: "Send 2 emails", next_effect: "2 customers get the email" },
    rationale: "Scheduled campaign step",
    context: { run_id: "run-1", model_id: "bench-model", confidence: 0.9 },
  });
}
