import type { Intent } from "@tollgate/sdk";
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../../mcp/config";
import { ZIntentView, intentView } from "../../../mcp/intent-view";
import { TOOLS } from "../../../mcp/tools";

describe("MCP server config", () => {
  it("needs an agent key and defaults the URL", () => {
    expect(readConfig({ TOLLGATE_AGENT_KEY: "tg_agent_abc" })).toEqual({ baseUrl: "http://localhost:3000", agentKey: "tg_agent_abc" });
    expect(readConfig({ TOLLGATE_AGENT_KEY: " tg_agent_abc ", TOLLGATE_URL: "https://tg.example.com/" })).toEqual({ baseUrl: "https://tg.example.com", agentKey: "tg_agent_abc" });
    expect(() => readConfig({})).toThrow(/TOLLGATE_AGENT_KEY is not set/);
    expect(() => readConfig({ TOLLGATE_AGENT_KEY: "tg_user_abc" })).toThrow(/member token/);
    expect(() => readConfig({ TOLLGATE_AGENT_KEY: "sk-abc" })).toThrow(ConfigError);
    expect(() => readConfig({ TOLLGATE_AGENT_KEY: "tg_agent_abc", TOLLGATE_URL: "localhost:3000" })).toThrow(/must be http/);
    expect(() => readConfig({ TOLLGATE_AGENT_KEY: "tg_agent_abc", TOLLGATE_URL: "not a url" })).toThrow(/not a URL/);
  });

  it("never puts the key in an error message", () => {
    for (const key of ["tg_user_secret123", "secret123"]) {
      try {
        readConfig({ TOLLGATE_AGENT_KEY: key });
      } catch (error) {
        expect((error as Error).message).not.toContain("secret123");
      }
    }
  });
});

const intent = (over: Partial<Intent>): Intent =>
  ({
    id: "int_1",
    status: "pending_approval",
    action: "payment.refund",
    stage: "run",
    environment: "production",
    destination: null,
    amount: 250,
    currency: "USD",
    risk_tags: [],
    payload: { charge: "ch_1" },
    payload_hash: "sha256:abc",
    summary: { title: "Refund" },
    rationale: null,
    context: null,
    lease_id: null,
    resumes: null,
    agent_id: "agt_1",
    agent_name: "bot",
    decision: {
      outcome: "require_approval",
      rule_id: "large-refunds",
      reason: "Refunds of 100 or more need a finance reviewer",
      reason_code: "approval_required",
      policy_snapshot: "sha256:p",
      approvals_required: 2,
      approver_role: "approver",
      step_up_required: false,
      sla_deadline: "2025-01-01T04:00:00.000Z",
    },
    approvals: [],
    expires_at: null,
    resolved_at: null,
    executed_at: null,
    completed_at: null,
    result: null,
    created_at: "2025-01-01T00:00:00.000Z",
    updated_at: "2025-01-01T00:00:00.000Z",
    ...over,
  }) as Intent;

describe("MCP intent view", () => {
  it("matches its published output schema and carries the token only when the API gave one", () => {
    const pending = intentView(intent({}));
    expect(ZIntentView.parse(pending)).toEqual(pending);
    expect(pending).not.toHaveProperty("execution_token");
    expect(pending.next_step).toMatch(/0 of 2 so far.*wait_for_approval/);

    const approved = intentView(intent({ status: "approved", execution_token: "tg_exec_x", approvals: [{ user_id: "u", user_email: "ana@x.test", decision: "approve", reason: "ok", note: null, at: "2025-01-01T00:01:00.000Z" }] }));
    expect(ZIntentView.parse(approved)).toEqual(approved);
    expect(approved).toMatchObject({ execution_token: "tg_exec_x", approvals: [{ decision: "approve", reviewer: "ana@x.test", reason: "ok" }] });
    expect(approved.next_step).toMatch(/execute_approved/);
  });

  it("tells the model not to act on anything that is not allowed or approved", () => {
    for (const status of ["denied", "rejected", "expired", "cancelled", "pending_approval"] as const) {
      expect(intentView(intent({ status })).next_step, status).toMatch(/Do not perform the action/);
    }
    const rejected = intentView(intent({ status: "rejected", approvals: [{ user_id: "u", user_email: null, decision: "reject", reason: "Wrong customer", note: null, at: "2025-01-01T00:01:00.000Z" }] }));
    expect(rejected.next_step).toContain("Wrong customer");
  });

  it("bounds wait_for_approval's timeout: default 60 s, at most 300 s", () => {
    const wait = TOOLS.find((t) => t.name === "wait_for_approval")!;
    expect(wait.inputSchema.parse({ intent_id: "int_1" })).toEqual({ intent_id: "int_1", timeout_seconds: 60 });
    expect(wait.inputSchema.safeParse({ intent_id: "int_1", timeout_seconds: 301 }).success).toBe(false);
    expect(wait.inputSchema.safeParse({ intent_id: "int_1", timeout_seconds: 0 }).success).toBe(false);
  });
});
