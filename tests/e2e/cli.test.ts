import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Tollgate } from "@tollgate/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainAuditEvents } from "../../lib/domain/audit/chain-audit-events";
import { TEST_PASSWORD } from "../factories/org";
import { sqlExec, sqlRows } from "../helpers/sql";
import { DEMO_POLICY, type LiveAgent, ROOT, liveOrg } from "./sdk-fixtures";

// `npm run cli -- …` as a user types it, against the production app, with its own credentials
// file. The child gets no DATABASE_URL and no TOLLGATE_* of ours: the API commands go over HTTP.
let live: Awaited<ReturnType<typeof liveOrg>>;
let agent: LiveAgent;
let dir: string;
let configFile: string;
beforeAll(async () => {
  live = await liveOrg();
  agent = await live.agent("cli-bot");
  dir = mkdtempSync(path.join(tmpdir(), "tollgate-cli-"));
  configFile = path.join(dir, "config", "tollgate", "credentials.json");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("TOLLGATE_") && key !== "DATABASE_URL")) as NodeJS.ProcessEnv;
  const child = spawn("npm", ["run", "--silent", "cli", "--", ...args], { cwd: ROOT, env: { ...base, TOLLGATE_CONFIG: configFile, ...options.env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end(options.input ?? "");
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const savedToken = () => JSON.parse(readFileSync(configFile, "utf8")).token as string;
const login = () => cli(["login", "--url", live.baseUrl, "--email", live.org.admin.email, "--password", TEST_PASSWORD, "--org", live.org.orgId]);
const refund = (amount: number, title: string) => ({
  action: "payment.refund",
  environment: "production",
  amount,
  currency: "USD",
  payload: { charge: `ch_${title.replaceAll(" ", "_")}`, amount },
  summary: { title },
});

describe("npm run cli against the running app", () => {
  it("login saves {url, token, org_id} with mode 0600 and does not print the token", async () => {
    const wrong = await cli(["login", "--url", live.baseUrl, "--email", live.org.admin.email, "--password", "not the password"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("error: invalid_credentials");
    expect(existsSync(configFile)).toBe(false);

    const res = await login();
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(`Logged in to ${live.baseUrl} as ${live.org.admin.email} (admin) in organization ${live.org.orgId}`);
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(configFile, "utf8"));
    expect(saved).toEqual({ url: live.baseUrl, token: expect.stringMatching(/^tg_user_/), org_id: live.org.orgId });
    expect(res.stdout + res.stderr).not.toContain(saved.token);
    expect(res.stdout + res.stderr).not.toMatch(/tg_user_\w/);
    expect(await new Tollgate({ baseUrl: live.baseUrl, token: saved.token }).me()).toMatchObject({ kind: "user", id: live.org.admin.userId });

    // --password-stdin, and --print-token prints exactly the token that was saved.
    const printed = await cli(["login", "--url", live.baseUrl, "--email", live.org.admin.email, "--password-stdin", "--print-token"], { input: `${TEST_PASSWORD}\n` });
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout.trim()).toBe(savedToken());
    expect(savedToken()).not.toBe(saved.token);
  });

  it("whoami names the member, or the agent behind TOLLGATE_TOKEN, and never sends a saved token to another URL", async () => {
    const me = await cli(["whoami"]);
    expect(me.code, me.stderr).toBe(0);
    expect(me.stdout).toContain(`user ${live.org.admin.userId} (admin) in organization ${live.org.orgId} at ${live.baseUrl}`);
    expect(me.stdout).toContain(`token from ${configFile}`);

    const asAgent = await cli(["whoami", "--json"], { env: { TOLLGATE_TOKEN: agent.key, TOLLGATE_URL: live.baseUrl } });
    expect(JSON.parse(asAgent.stdout)).toMatchObject({ kind: "agent", id: agent.id, name: "cli-bot", token_source: "TOLLGATE_TOKEN" });

    const elsewhere = await cli(["whoami"], { env: { TOLLGATE_URL: "http://127.0.0.1:9" } });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(`the saved login is for ${live.baseUrl}`);
  });

  it("policy apply: --dry-run counts the recorded intents that would change and saves nothing; apply makes it active", async () => {
    const gated = await agent.client.intents.propose({ action: "cli.report", payload: { week: 12 } });
    expect(gated.status).toBe("pending_approval");
    const file = path.join(dir, "policy.yaml");
    const policy = `${DEMO_POLICY}\n  - id: cli-reports\n    priority: 5\n    match: { action: "cli.*" }\n    decision: allow\n    reason: Reports are harmless\n`;
    writeFileSync(file, policy);
    const active = await live.admin.policy.get();

    const dry = await cli(["policy", "apply", file, "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Dry run, nothing saved. The document is valid: 9 rules");
    expect(dry.stdout).toMatch(/\b1 of \d+ recorded intents from the last 7 days would get a different outcome/);
    expect(dry.stdout).toMatch(new RegExp(`${gated.id}\\s+cli\\.report\\s+require_approval\\s+allow \\(cli-reports\\)`));
    expect((await live.admin.policy.get()).snapshot).toBe(active.snapshot);

    const applied = await cli(["policy", "apply", file]);
    expect(applied.code, applied.stderr).toBe(0);
    const now = await live.admin.policy.get();
    expect(now).toMatchObject({ version: active.version + 1, rules: 9, source: policy });
    expect(applied.stdout).toContain(`Policy applied: version ${now.version}, snapshot ${now.snapshot}, 9 rules (was version ${active.version}).`);
    expect((await agent.client.intents.propose({ action: "cli.report", payload: { week: 13 } })).status).toBe("allowed");

    const again = await cli(["policy", "apply", file]);
    expect(again.stdout).toContain(`Policy unchanged: version ${now.version}`);
    const shown = await cli(["policy", "show"]);
    expect(shown.stdout).toContain(`# version ${now.version}, 9 rules, ${now.snapshot}`);
    expect(shown.stdout).toContain("id: cli-reports");
  });

  it("policy apply: an invalid document prints invalid_policy with the offending rule and field, exits 1 and changes nothing", async () => {
    const before = await live.admin.policy.get();
    const file = path.join(dir, "broken.json");
    writeFileSync(file, JSON.stringify({ version: 1, default: "deny", rules: [{ id: "sloppy", match: { action: "x" }, decision: "maybe" }] }));
    for (const args of [["policy", "apply", file], ["policy", "apply", file, "--dry-run"]]) {
      const res = await cli(args);
      expect(res.code, args.join(" ")).toBe(1);
      expect(res.stderr).toContain("invalid_policy");
      expect(res.stderr).toMatch(/rule sloppy, field rules\[0\]\.decision/);
    }
    expect((await live.admin.policy.get()).snapshot).toBe(before.snapshot);
  });

  it("approvals list shows the queue; approve and reject resolve through the API; refusals print the code and exit 1", async () => {
    const toApprove = await agent.client.intents.propose(refund(250, "Refund 250 to Ada"));
    const toReject = await agent.client.intents.propose(refund(260, "Refund 260 to Bob"));
    const stepUp = await agent.client.intents.propose({ action: "social.post", stage: "publish", payload: { text: "hello" }, summary: { title: "Post hello" } });

    const list = await cli(["approvals", "list"]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split("\n")[0]).toMatch(/^ID\s+ACTION\s+AGENT\s+TITLE\s+APPROVALS\s+SLA DEADLINE\s+STEP-UP$/);
    expect(list.stdout).toMatch(new RegExp(`${toApprove.id}\\s+payment\\.refund\\s+cli-bot\\s+Refund 250 to Ada\\s+0/1\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC\\s+no`));
    expect(list.stdout).toMatch(new RegExp(`${stepUp.id}\\s+social\\.post\\s+cli-bot\\s+Post hello\\s+0/1\\s+.*UTC\\s+yes`));
    const json = JSON.parse((await cli(["approvals", "list", "--json"])).stdout);
    expect(json.map((item: any) => item.intent.id)).toEqual(expect.arrayContaining([toApprove.id, toReject.id, stepUp.id]));

    const approved = await cli(["approve", toApprove.id, "--reason", "Checked the order"]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`Approved ${toApprove.id} (payment.refund): status approved.`);
    expect(approved.stdout).not.toContain("tg_exec_");
    expect(await live.admin.intents.get(toApprove.id)).toMatchObject({
      status: "approved",
      approvals: [expect.objectContaining({ decision: "approve", reason: "Checked the order", user_id: live.org.admin.userId })],
    });

    const rejected = await cli(["reject", toReject.id, "--reason", "Duplicate request"]);
    expect(rejected.code, rejected.stderr).toBe(0);
    expect(await live.admin.intents.get(toReject.id)).toMatchObject({ status: "rejected", approvals: [expect.objectContaining({ decision: "reject", reason: "Duplicate request" })] });

    const twice = await cli(["approve", toApprove.id, "--reason", "again"]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/^error: already_resolved: /);
    const passkey = await cli(["approve", stepUp.id, "--reason", "Looks fine"]);
    expect(passkey.code).toBe(1);
    expect(passkey.stderr).toMatch(/^error: step_up_required: /);
    expect((await live.admin.intents.get(stepUp.id)).status).toBe("pending_approval");

    const after = await cli(["approvals", "list"]);
    expect(after.stdout).not.toContain(toApprove.id);
    expect(after.stdout).toContain(stepUp.id);
    expect((await cli(["approvals", "list", "--all"])).stdout).toMatch(new RegExp(`${toApprove.id}.*approved`));
  });

  it("intents list --json parses and filters; intents show prints the decisions log", async () => {
    const all = await cli(["intents", "list", "--json", "--limit", "200"]);
    expect(all.code, all.stderr).toBe(0);
    const items = JSON.parse(all.stdout);
    const api = [];
    for await (const intent of live.admin.intents.listAll()) api.push(intent);
    expect(items.map((i: any) => [i.id, i.status])).toEqual(api.map((i) => [i.id, i.status]));

    const approved = JSON.parse((await cli(["intents", "list", "--status", "approved", "--agent", "cli-bot", "--json"])).stdout);
    expect(approved.length).toBeGreaterThan(0);
    for (const intent of approved) expect(intent).toMatchObject({ status: "approved", agent_name: "cli-bot" });
    expect(approved[0]).not.toHaveProperty("execution_token");

    const shown = await cli(["intents", "show", approved[0].id]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`Intent ${approved[0].id}: payment.refund`);
    expect(shown.stdout).toMatch(/decision\s+require_approval by rule large-refunds \(approval_required\)/);
    expect(shown.stdout).toMatch(/Decisions:\n\s+AT\s+KIND\s+ACTOR\s+REASON\n.*policy.*\n.*assignment\s+system\b.*\n(?:.*notification\s+system\b.*\n)*.*approval\s+user \S+\s+Checked the order/);

    const missing = await cli(["intents", "show", "int_nope"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: not_found: /);
  });

  it("audit verify prints ok with the event count; a tampered row is reported at its seq with exit code 1", async () => {
    const ok = await cli(["audit", "verify"]);
    expect(ok.code, ok.stderr).toBe(0);
    const server = await live.admin.audit.verify();
    expect(server.ok).toBe(true);
    expect(ok.stdout).toContain(`Audit chain ok: ${server.events} events.`);
    expect(ok.stdout).toContain(`client: ok, ${server.events} events recomputed`);

    // Tamper inside this test's own organization only: other suites' chains are untouched.
    const orgId = live.org.orgId;
    // By seq: only chained events have one (the server chains what GET /audit reads; do it here too).
    await chainAuditEvents(orgId);
    const [row] = await sqlRows<{ data: string }>("SELECT data::text AS data FROM audit_events WHERE org_id = $1 AND seq = 3", orgId);
    await sqlExec(`UPDATE audit_events SET data = data || '{"tampered": true}'::jsonb WHERE org_id = $1 AND seq = 3`, orgId);
    try {
      const broken = await cli(["audit", "verify"]);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toContain("server: broken at seq 3");
      expect(broken.stdout).toContain("client: broken at seq 3 (hash does not match the event's contents)");
      expect(broken.stdout).toContain("Audit chain BROKEN: first bad seq 3.");
      const json = JSON.parse((await cli(["audit", "verify", "--json"])).stdout);
      expect(json).toMatchObject({ ok: false, server: { ok: false, first_bad_seq: 3 }, client: { ok: false, first_bad_seq: 3, events: 2 } });
    } finally {
      await sqlExec("UPDATE audit_events SET data = $2::jsonb WHERE org_id = $1 AND seq = 3", orgId, row.data);
    }
    expect((await cli(["audit", "verify"])).code).toBe(0);
  });

  it("logout revokes the saved token and deletes the file", async () => {
    const token = savedToken();
    const res = await cli(["logout"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("the token was revoked");
    expect(existsSync(configFile)).toBe(false);
    const error = await new Tollgate({ baseUrl: live.baseUrl, token }).me().catch((e) => e);
    expect(error).toMatchObject({ status: 401, code: "unauthorized" });
    const after = await cli(["whoami"]);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain("not logged in");
  });

  it("every command answers --help with its usage; unknown commands and flags exit 2", async () => {
    const help = await cli(["approvals", "list", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: npm run cli -- approvals list \[--all\]/);
    const top = await cli(["--help"]);
    expect(top.stdout).toContain("audit verify");
    expect((await cli(["frobnicate"])).code).toBe(2);
    const flag = await cli(["intents", "list", "--colour"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("usage: npm run cli -- intents list");
  });
});
