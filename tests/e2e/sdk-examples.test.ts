import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LiveAgent, ROOT, liveOrg, nextPending } from "./sdk-fixtures";

// Each example runs as its own process against the running app, exactly as its README says, with
// a fresh agent key (and the admin token where it approves); the test plays the human reviewer.
let live: Awaited<ReturnType<typeof liveOrg>>;
beforeAll(async () => {
  live = await liveOrg();
});

interface Run {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], env: Record<string, string>, cwd = ROOT): Promise<Run> {
  // Only what the test gives: no TOLLGATE_* of the caller's shell, no demo credentials.
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TOLLGATE_"))) as NodeJS.ProcessEnv;
  const child = spawn(command, args, { cwd, env: { ...base, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

const envFor = (agent: LiveAgent, extra: Record<string, string> = {}) => ({ TOLLGATE_URL: live.baseUrl, TOLLGATE_AGENT_KEY: agent.key, ...extra });

async function intentsOf(agent: LiveAgent) {
  const intents = [];
  for await (const intent of agent.client.intents.listAll()) intents.push(intent);
  return intents.reverse();
}

/** No credential may appear in what an example prints. */
function expectNoSecrets(output: string, agent: LiveAgent) {
  expect(output).not.toContain(agent.key);
  expect(output).not.toContain(live.adminToken);
  expect(output).not.toMatch(/tg_exec_\w/);
}

describe("examples against the running app", () => {
  it("node-agent: the internal email goes at once, the customer email after the test approves it", async () => {
    const agent = await live.agent("node-agent-example");
    const running = run("node", ["examples/node-agent/send-emails.mjs"], envFor(agent));
    const pending = await nextPending(live.admin, agent.name);
    expect(pending.destination).toBe("sendgrid.send");
    await live.admin.approvals.approve(pending.id, { reason: "Customers were promised this follow-up" });
    const { code, output } = await running;
    expect(output).toContain("Done: every email went through Tollgate.");
    expect(code, output).toBe(0);
    expectNoSecrets(output, agent);
    const intents = await intentsOf(agent);
    expect(intents.map((i) => [i.status, i.decision.rule_id, i.destination])).toEqual([
      ["succeeded", "internal-email", "smtp.internal.example.com"],
      ["succeeded", null, "sendgrid.send"],
    ]);
    expect(intents[1].result?.output).toMatchObject({ sent: 2 });
  });

  it("node-agent: exits non-zero and says why when the reviewer rejects", async () => {
    const agent = await live.agent("node-agent-rejected");
    const running = run("node", ["examples/node-agent/send-emails.mjs"], envFor(agent));
    const pending = await nextPending(live.admin, agent.name);
    await live.admin.approvals.reject(pending.id, { reason: "Wrong template" });
    const { code, output } = await running;
    expect(code, output).toBe(1);
    expect(output).toContain("email.send was not run: rejected: Wrong template");
  });

  it("vercel-ai-sdk: generateText calls the gated tool, which is auto-allowed for a small refund", async () => {
    const agent = await live.agent("ai-sdk-example");
    const { code, output } = await run(path.join(ROOT, "node_modules/.bin/tsx"), ["examples/vercel-ai-sdk/refund-agent.ts"], envFor(agent));
    expect(output).toContain("Done: the refund went through Tollgate.");
    expect(code, output).toBe(0);
    expectNoSecrets(output, agent);
    const [intent] = await intentsOf(agent);
    expect(intent).toMatchObject({ status: "succeeded", action: "payment.refund", amount: 30, decision: { rule_id: "small-refunds" }, payload: { charge: "ch_3PQx7Ld", amount: 30 } });
  });

  it("vercel-ai-sdk: a large refund waits inside generateText until the test approves it", async () => {
    const agent = await live.agent("ai-sdk-approval");
    const running = run(path.join(ROOT, "node_modules/.bin/tsx"), ["examples/vercel-ai-sdk/refund-agent.ts"], envFor(agent, { REFUND_AMOUNT: "250" }));
    const pending = await nextPending(live.admin, agent.name);
    await live.admin.approvals.approve(pending.id, { reason: "Verified in Stripe" });
    const { code, output } = await running;
    expect(code, output).toBe(0);
    expect(output).toContain('"amount":250');
    expect((await intentsOf(agent))[0]).toMatchObject({ status: "succeeded", decision: { rule_id: "large-refunds" } });
  });

  it("curl walkthrough: proposes, approves with the user token, executes and reports", async () => {
    const agent = await live.agent("curl-example");
    const { code, output } = await run("bash", ["examples/curl/walkthrough.sh"], envFor(agent, { TOLLGATE_USER_TOKEN: live.adminToken }));
    expect(code, output).toBe(0);
    expectNoSecrets(output, agent);
    const [intent] = await intentsOf(agent);
    expect(output).toContain(`✓ intent ${intent.id} succeeded`);
    expect(intent).toMatchObject({ status: "succeeded", amount: 250, approvals: [{ decision: "approve", reason: "Duplicate charge confirmed in Stripe" }] });
  });
});

describe("the SDK as a package", () => {
  let consumer: string;
  beforeAll(() => {
    consumer = mkdtempSync(path.join(tmpdir(), "tollgate-sdk-consumer-"));
  });
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  it("installs by path with npm and imports from a plain Node .mjs file", async () => {
    writeFileSync(path.join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    const install = await run("npm", ["install", path.join(ROOT, "sdk"), "--offline", "--no-audit", "--no-fund"], {}, consumer);
    expect(install.code, install.output).toBe(0);
    expect(JSON.parse(readFileSync(path.join(consumer, "package.json"), "utf8")).dependencies["@tollgate/sdk"]).toMatch(/^file:/);

    writeFileSync(
      path.join(consumer, "agent.mjs"),
      `import { Tollgate, TollgateError, gate, verifyWebhook } from "@tollgate/sdk";
const client = new Tollgate({ baseUrl: process.env.TOLLGATE_URL, token: process.env.TOLLGATE_AGENT_KEY });
const read = gate(async ({ contact }) => ({ name: "Ada", contact }), { client, action: "crm.read" });
console.log(JSON.stringify({ me: (await client.me()).kind, read: await read({ contact: 1 }), exports: [typeof TollgateError, typeof verifyWebhook] }));
`,
    );
    const agent = await live.agent("package-consumer");
    const { code, output } = await run("node", ["agent.mjs"], envFor(agent), consumer);
    expect(code, output).toBe(0);
    expect(JSON.parse(output)).toEqual({ me: "agent", read: { name: "Ada", contact: 1 }, exports: ["function", "function"] });
    expect((await intentsOf(agent))[0].status).toBe("succeeded");
  });
});
