import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type McpSession, connectMcp } from "./mcp-client";
import { type LiveAgent, ROOT, liveOrg } from "./sdk-fixtures";

// The MCP server as a client launches it (`npm run --silent mcp` over stdio), driven by the MCP
// SDK's own Client against the production app; the test plays the human reviewer over REST.
let live: Awaited<ReturnType<typeof liveOrg>>;
let agent: LiveAgent;
let mcp: McpSession;
beforeAll(async () => {
  live = await liveOrg();
  agent = await live.agent("mcp-agent");
  mcp = await connectMcp({ TOLLGATE_URL: live.baseUrl, TOLLGATE_AGENT_KEY: agent.key });
});
afterAll(async () => {
  await mcp?.close();
});

const TOOLS = ["request_approval", "check_approval", "wait_for_approval", "list_pending", "execute_approved", "report_result", "cancel_request"];

const bigRefund = (amount = 250) => ({
  action: "payment.refund",
  environment: "production",
  amount,
  currency: "USD",
  payload: { charge: `ch_${randomUUID().slice(0, 8)}`, amount },
  summary: { title: `Refund $${amount}` },
  rationale: "The customer was double-charged",
});

describe("MCP server over stdio", () => {
  it("lists every tool with a description, a JSON input schema and an output schema", async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.description?.length, tool.name).toBeGreaterThan(80);
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    const propose = byName.request_approval.inputSchema;
    expect(propose.required).toEqual(["action"]);
    expect(Object.keys(propose.properties ?? {}).sort()).toEqual(
      ["action", "payload", "summary", "rationale", "stage", "environment", "destination", "amount", "currency", "risk_tags", "lease_id", "resumes", "context", "idempotency_key"].sort(),
    );
    expect((propose.properties as any).stage.enum).toEqual(["create", "run", "resume", "renew", "publish"]);
    const wait = byName.wait_for_approval.inputSchema.properties as any;
    expect(byName.wait_for_approval.inputSchema.required).toEqual(["intent_id"]);
    expect(wait.timeout_seconds).toMatchObject({ type: "integer", minimum: 1, maximum: 300, default: 60 });
    expect(byName.execute_approved.inputSchema.required).toEqual(["intent_id", "execution_token", "payload_hash"]);
    expect(byName.report_result.inputSchema.required).toEqual(["intent_id", "status"]);
    expect(byName.list_pending.outputSchema?.required).toEqual(["items", "next_cursor"]);
    expect(byName.check_approval.annotations?.readOnlyHint).toBe(true);
    await expect.poll(() => mcp.stderr()).toContain(`acting as agent "mcp-agent" (${agent.id})`);
    expect(mcp.stderr()).not.toContain(agent.key);
  });

  it("request_approval on an auto-allowed action returns allowed with a token; execute_approved and report_result finish it", async () => {
    const { data, result } = await mcp.call("request_approval", { action: "crm.read", destination: "crm.example.com", payload: { contact: 42 } });
    expect(result.isError).toBeFalsy();
    expect(data).toMatchObject({ status: "allowed", action: "crm.read", decision: { outcome: "allow", rule_id: "reads", reason_code: "policy_allowed" } });
    expect(data.execution_token).toMatch(/^tg_exec_/);
    expect(data.payload_hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(data.next_step).toMatch(/execute_approved/);
    // The text content is the same JSON, for clients that only read text.
    expect(JSON.parse((result.content[0] as any).text)).toEqual(data);

    const executing = await mcp.call("execute_approved", { intent_id: data.intent_id, execution_token: data.execution_token, payload_hash: data.payload_hash });
    expect(executing.data).toMatchObject({ intent_id: data.intent_id, status: "executing" });
    const done = await mcp.call("report_result", { intent_id: data.intent_id, status: "succeeded", output: { name: "Ada" } });
    expect(done.data).toMatchObject({ status: "succeeded", result: { status: "succeeded", output: { name: "Ada" } } });
    expect(await live.admin.intents.get(data.intent_id)).toMatchObject({ status: "succeeded", agent_id: agent.id });

    const again = await mcp.call("execute_approved", { intent_id: data.intent_id, execution_token: data.execution_token, payload_hash: data.payload_hash });
    expect(again.result.isError).toBe(true);
    expect(again.error).toMatchObject({ code: "token_used", status: 409 });
  });

  it("request_approval on an approval-required action returns pending and no token; check_approval reads it back", async () => {
    const { data } = await mcp.call("request_approval", bigRefund());
    expect(data).toMatchObject({
      status: "pending_approval",
      title: "Refund $250",
      decision: { outcome: "require_approval", rule_id: "large-refunds", reason_code: "approval_required", approvals_required: 1 },
    });
    expect(data).not.toHaveProperty("execution_token");
    expect(data.next_step).toMatch(/wait_for_approval/);
    const checked = await mcp.call("check_approval", { intent_id: data.intent_id });
    expect(checked.data).toMatchObject({ intent_id: data.intent_id, status: "pending_approval", payload_hash: data.payload_hash });
    await live.admin.approvals.reject(data.intent_id, { reason: "cleanup" });
  });

  it("wait_for_approval wakes when the admin approves over REST and returns the execution token", async () => {
    const { data } = await mcp.call("request_approval", bigRefund(300));
    const started = Date.now();
    const waiting = mcp.call("wait_for_approval", { intent_id: data.intent_id, timeout_seconds: 45 }, { timeout: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the long-poll is held by now
    await live.admin.approvals.approve(data.intent_id, { reason: "Verified the double charge" });
    const woke = await waiting;
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(woke.data).toMatchObject({ intent_id: data.intent_id, status: "approved", timed_out: false });
    expect(woke.data.execution_token).toMatch(/^tg_exec_/);
    expect(woke.data.approvals).toEqual([expect.objectContaining({ decision: "approve", reviewer: live.org.admin.email, reason: "Verified the double charge" })]);
    const executing = await mcp.call("execute_approved", { intent_id: data.intent_id, execution_token: woke.data.execution_token, payload_hash: data.payload_hash });
    expect(executing.data.status).toBe("executing");
  });

  it("wait_for_approval reports a timeout as a normal result, with progress notifications on the way", async () => {
    const { data } = await mcp.call("request_approval", bigRefund(410));
    const progress: number[] = [];
    const started = Date.now();
    const waited = await mcp.call("wait_for_approval", { intent_id: data.intent_id, timeout_seconds: 3 }, { onprogress: (p) => progress.push(p.progress) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(waited.result.isError).toBeFalsy();
    expect(waited.data).toMatchObject({ intent_id: data.intent_id, status: "pending_approval", timed_out: true });
    expect(waited.data.waited_seconds).toBeGreaterThanOrEqual(2.9);
    expect(progress.length).toBeGreaterThanOrEqual(1);

    const tooLong = await mcp.call("wait_for_approval", { intent_id: data.intent_id, timeout_seconds: 301 });
    expect(tooLong.result.isError).toBe(true);
    expect(tooLong.text).toMatch(/timeout_seconds/);

    const cancelled = await mcp.call("cancel_request", { intent_id: data.intent_id, reason: "no longer needed" });
    expect(cancelled.data).toMatchObject({ status: "cancelled" });
    expect((await live.admin.intents.get(data.intent_id)).status).toBe("cancelled");
  });

  it("list_pending shows this agent's pending intents only, with a working cursor", async () => {
    const other = await live.agent("mcp-other-agent");
    const othersPending = await other.client.intents.propose(bigRefund(500));
    const pendingA = (await mcp.call("request_approval", bigRefund(260))).data;
    const pendingB = (await mcp.call("request_approval", bigRefund(270))).data;
    const allowed = (await mcp.call("request_approval", { action: "docs.read", payload: { doc: "handbook" } })).data;
    expect([pendingA.status, pendingB.status, allowed.status, othersPending.status]).toEqual(["pending_approval", "pending_approval", "allowed", "pending_approval"]);

    const first = await mcp.call("list_pending", { limit: 1 });
    expect(first.data.items).toHaveLength(1);
    expect(first.data.next_cursor).toEqual(expect.any(String));
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await mcp.call("list_pending", cursor ? { cursor, limit: 1 } : { limit: 1 });
      ids.push(...page.data.items.map((i: { intent_id: string }) => i.intent_id));
      for (const item of page.data.items) expect(item.status).toBe("pending_approval");
      cursor = page.data.next_cursor;
    } while (cursor);
    expect(ids).toContain(pendingA.intent_id);
    expect(ids).toContain(pendingB.intent_id);
    expect(ids).not.toContain(allowed.intent_id);
    expect(ids).not.toContain(othersPending.id);
    // Exactly what the API says is this agent's queue.
    const own = [];
    for await (const intent of agent.client.intents.listAll({ status: "pending_approval" })) own.push(intent.id);
    expect(ids).toEqual(own);
  });

  it("a denied action returns the policy's reason_code and no token", async () => {
    const { data, result } = await mcp.call("request_approval", { action: "crm.delete_contact", payload: { contact: 9 } });
    expect(result.isError).toBeFalsy();
    expect(data).toMatchObject({ status: "denied", decision: { outcome: "deny", rule_id: "no-crm-deletes", reason_code: "destructive_action" } });
    expect(data).not.toHaveProperty("execution_token");
    expect(data.next_step).toMatch(/Do not perform/);
  });

  it("idempotency_key answers a retried request with the original intent; the API's refusals arrive as tool errors with their code", async () => {
    const key = randomUUID();
    const args = { action: "crm.read", payload: { contact: 5 }, idempotency_key: key };
    const first = await mcp.call("request_approval", args);
    const again = await mcp.call("request_approval", args);
    expect(again.data.intent_id).toBe(first.data.intent_id);
    const conflict = await mcp.call("request_approval", { ...args, payload: { contact: 6 } });
    expect(conflict.result.isError).toBe(true);
    expect(conflict.error).toMatchObject({ code: "idempotency_conflict", status: 409 });

    const missing = await mcp.call("check_approval", { intent_id: "int_does_not_exist" });
    expect(missing.error).toMatchObject({ code: "not_found", status: 404 });
    // Passes the tool's schema, fails the API's: the contract's 422 comes through with its issues.
    const invalid = await mcp.call("request_approval", { action: "payment.refund", amount: 5, currency: "u$d" });
    expect(invalid.error).toMatchObject({ code: "validation_failed", status: 422, details: { issues: [expect.objectContaining({ path: ["currency"] })] } });
  });
});

describe("MCP server credentials", () => {
  it("an invalid agent key makes every tool call a tool error with unauthorized, and says so on stderr", async () => {
    const bad = await connectMcp({ TOLLGATE_URL: live.baseUrl, TOLLGATE_AGENT_KEY: `tg_agent_${randomUUID().replaceAll("-", "")}` });
    try {
      const { result, error } = await bad.call("request_approval", { action: "crm.read" });
      expect(result.isError).toBe(true);
      expect(error).toMatchObject({ code: "unauthorized", status: 401, message: expect.any(String) });
      expect((await bad.call("list_pending")).error?.code).toBe("unauthorized");
      await expect.poll(() => bad.stderr()).toMatch(/refused TOLLGATE_AGENT_KEY \(unauthorized\)/);
    } finally {
      await bad.close();
    }
  });

  it("a missing key stops the server at startup with a clear message", async () => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TOLLGATE_"))) as NodeJS.ProcessEnv;
    const child = spawn("npm", ["run", "--silent", "mcp"], { cwd: ROOT, env: { ...base, TOLLGATE_URL: live.baseUrl }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("TOLLGATE_AGENT_KEY is not set");
    expect(stdout).toBe("");
  });
});
