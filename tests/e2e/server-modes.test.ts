import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AppProcess, startApp } from "../helpers/app-process";

// The two ways the production server runs besides the plain one the other suites use:
// - on the embedded PGlite database (`npm run demo` without DATABASE_URL), which must take every
//   statement the app sends — prepared statements, data-modifying CTEs, NOTIFY, SQL-side hashing;
// - as WEB_CONCURRENCY processes sharing the port (scripts/serve.mjs with node:cluster).

const ROOT = path.resolve(__dirname, "../..");
const BASE_PORT = Number(process.env.E2E_PORT ?? 3310);
const started: { stop: () => Promise<void> }[] = [];

afterAll(async () => {
  for (const thing of started.reverse()) await thing.stop();
});

async function json(url: string, init: RequestInit & { token?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
  return { status: res.status, body: await res.json() };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net.connect(port, "127.0.0.1");
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => {
      probe.destroy();
      resolve(false);
    });
  });

const listening = (url: string) =>
  fetch(`${url}/api/health`).then(
    () => true,
    () => false,
  );

describe("the embedded PGlite database", () => {
  it("serves the whole proposal flow: allow with a token, approval, execution, a verified audit chain", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tollgate-pglite-"));
    const pgPort = BASE_PORT + 2290;
    const pglite: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts/pglite-server.mjs"), dir, String(pgPort)], { cwd: ROOT, stdio: "ignore" });
    const exited = new Promise((resolve) => pglite.once("exit", resolve));
    started.push({
      stop: async () => {
        pglite.kill("SIGTERM");
        await exited;
        rmSync(dir, { recursive: true, force: true });
      },
    });
    const url = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
    const env = { ...process.env, DATABASE_URL: url };
    // Migrations do not retry a refused connection: wait for the port first.
    expect(await waitFor(() => portOpen(pgPort), 60_000)).toBe(true);
    execFileSync("npx", ["prisma", "migrate", "deploy"], { cwd: ROOT, env, stdio: "pipe" });
    const boot = JSON.parse(
      execFileSync("npx", ["tsx", "scripts/cli.ts", "bootstrap", "--org", "embedded", "--email", "admin@embedded.test", "--password", "embedded-password-1", "--json"], { cwd: ROOT, env, encoding: "utf8" }),
    );

    const app: AppProcess = await startApp(url, BASE_PORT + 7);
    started.push(app);
    const api = (p: string) => `${app.url}/api/v1${p}`;
    const agent = await json(api("/agents"), { method: "POST", token: boot.token, body: JSON.stringify({ name: "embedded-bot" }) });
    expect(agent.status).toBe(201);
    const policy = await fetch(api("/policy"), {
      method: "PUT",
      headers: { authorization: `Bearer ${boot.token}`, "content-type": "application/yaml" },
      body: "version: 1\ndefault: require_approval\nrules:\n  - id: refunds\n    match: { action: payment.refund }\n    decision: allow\n",
    });
    expect(policy.status).toBe(200);

    const allowed = await json(api("/intents"), { method: "POST", token: agent.body.api_key, body: JSON.stringify({ action: "payment.refund", amount: 5, currency: "usd", payload: { charge: "ch_1" } }) });
    expect(allowed.status).toBe(201);
    expect(allowed.body).toMatchObject({ status: "allowed", amount: 5, currency: "USD" });
    expect(allowed.body.execution_token).toMatch(/^tg_exec_/);
    const executed = await json(api(`/intents/${allowed.body.id}/execute`), {
      method: "POST",
      token: agent.body.api_key,
      body: JSON.stringify({ execution_token: allowed.body.execution_token, payload_hash: allowed.body.payload_hash }),
    });
    expect(executed.status).toBe(200);

    const pending = await json(api("/intents"), { method: "POST", token: agent.body.api_key, body: JSON.stringify({ action: "crm.delete", payload: { id: 9 } }) });
    expect(pending.body.status).toBe("pending_approval");
    const approved = await json(api(`/approvals/${pending.body.id}/approve`), { method: "POST", token: boot.token, body: JSON.stringify({ reason: "checked" }) });
    expect(approved.body.status).toBe("approved");

    const verify = await json(api("/audit/verify"), { token: boot.token });
    expect(verify.body).toMatchObject({ ok: true });
    expect(verify.body.events).toBeGreaterThanOrEqual(6);
  }, 180_000);
});

describe("WEB_CONCURRENCY processes", () => {
  it("serves from that many workers, and frees the port when the primary is killed", async () => {
    const app = await startApp(process.env.DATABASE_URL as string, BASE_PORT + 8, { WEB_CONCURRENCY: "2" });
    started.push(app);
    const workers = () => execFileSync("pgrep", ["-P", String(app.pid)], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
    expect(await waitFor(async () => workers().length === 2, 30_000)).toBe(true);
    const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${app.url}/api/health`).then((res) => res.status)));
    expect(answers).toEqual(answers.map(() => 200));

    await app.kill();
    // The workers notice their primary is gone and exit, so nothing keeps the port.
    expect(await waitFor(async () => !(await listening(app.url)), 15_000)).toBe(true);
  }, 120_000);
});
