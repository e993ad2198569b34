import { type ChildProcess, spawn } from "node:child_process";
import { hostname } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { INTERRUPTED } from "../../lib/domain/webhooks/claim-due-deliveries";
import { createTestOrg } from "../factories/org";
import { propose } from "../helpers/intents";
import { type Receiver, startReceiver } from "../helpers/webhook-receiver";
import { WEBHOOK_POLICY, attemptRows, createWebhook, deliveryRows, usePrivateDatabase, waitFor } from "../helpers/webhooks";

// Delivery workers as separate processes — what app instances are — against one database (a
// database of this file's own, so no other suite's worker is in play): a worker killed with SIGKILL
// mid-send or between retries loses nothing, and two workers side by side send each attempt once.

const ROOT = path.resolve(import.meta.dirname, "../..");
const WORKER = path.join(ROOT, "tests/helpers/webhook-worker-process.ts");

let release: () => Promise<void>;
const children: ChildProcess[] = [];
const receivers: Receiver[] = [];

beforeAll(async () => {
  ({ release } = await usePrivateDatabase("tg_hooks_workers"));
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "1";
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await release?.();
});

interface WorkerProcess {
  pid: number;
  /** host:pid, as the worker writes it on its attempts. */
  name: string;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
}

/** A worker in a process of its own (node --import tsx, so the pid is the worker itself), once it is running. */
async function spawnWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER], {
    cwd: ROOT,
    env: { ...process.env, WEBHOOK_POLL_INTERVAL_MS: "200", WEBHOOK_BACKOFF_BASE_MS: "300", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      if (output.includes(`ready ${child.pid}`)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    pid: child.pid!,
    name: `${hostname()}:${child.pid}`,
    async kill() {
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
    },
  };
}

async function setup() {
  const org = await createTestOrg();
  const agent = await org.agent();
  await org.setPolicy(WEBHOOK_POLICY);
  const receiver = await startReceiver();
  receivers.push(receiver);
  return { org, agentKey: agent.key, receiver };
}

describe("a worker killed with SIGKILL", () => {
  it("mid-send: the delivery stays claimed until the lease lapses, then a new worker delivers it, and the log shows both attempts", async () => {
    const { org, agentKey, receiver } = await setup();
    // 1 s timeout → a 7 s claim lease.
    const first = await spawnWorker({ WEBHOOK_TIMEOUT_MS: "1000" });
    receiver.reply((n) => (n === 1 ? "hang" : 200));
    const hook = await createWebhook(org.admin.token, { url: receiver.url, events: ["intent.pending"] });
    await propose(agentKey, { action: "hook.pending", payload: { n: 1 } });
    const [held] = await receiver.waitForHits(1);
    const [delivery] = await deliveryRows(hook.id);
    expect(delivery.status).toBe("pending");
    expect(delivery.locked_until!.getTime()).toBeGreaterThan(Date.now());
    expect(await attemptRows(delivery.id)).toMatchObject([{ number: 1, worker: first.name, finished_at: null }]);

    await first.kill();
    const second = await spawnWorker({ WEBHOOK_TIMEOUT_MS: "1000" });
    const hits = await receiver.waitForHits(2, 20_000);
    await waitFor("the delivery to be delivered", async () => (await deliveryRows(hook.id))[0].status === "delivered");

    // Not re-sent while the dead worker's claim stood.
    expect(hits[1].at - held.at).toBeGreaterThanOrEqual(7000 - 1000);
    expect(hits[1].headers["tollgate-event-id"]).toBe(held.headers["tollgate-event-id"]);
    expect(hits[1].body).toBe(held.body);
    const attempts = await attemptRows(delivery.id);
    expect(attempts.map((a) => [a.number, a.worker, a.status_code, a.error])).toEqual([
      [1, first.name, null, INTERRUPTED],
      [2, second.name, 200, null],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.hits).toHaveLength(2);
  });

  it("while the receiver is down: the queued retry survives, and a new worker delivers once the receiver is back", async () => {
    const { org, agentKey, receiver: up } = await setup();
    const port = up.port;
    await up.close(); // connection refused from now on
    const first = await spawnWorker({ WEBHOOK_TIMEOUT_MS: "1000", WEBHOOK_BACKOFF_BASE_MS: "2000" });
    const hook = await createWebhook(org.admin.token, { url: `http://127.0.0.1:${port}/hooks/tollgate`, events: ["intent.pending"] });
    const intent = await propose(agentKey, { action: "hook.pending", payload: { n: 1 } });
    const [delivery] = await deliveryRows(hook.id);
    const [failed] = await waitFor("a failed first attempt", async () => {
      const rows = await attemptRows(delivery.id);
      return rows.length > 0 && rows[0].finished_at ? rows : null;
    });
    expect(failed).toMatchObject({ number: 1, worker: first.name, status_code: null });
    expect(failed.error).toMatch(/ECONNREFUSED/);
    await first.kill();
    expect((await deliveryRows(hook.id))[0].status).toBe("pending");

    const back = await startReceiver(port);
    receivers.push(back);
    const second = await spawnWorker({ WEBHOOK_TIMEOUT_MS: "1000", WEBHOOK_BACKOFF_BASE_MS: "2000" });
    const [hit] = await back.waitForHits(1, 20_000);
    expect(JSON.parse(hit.body).data.id).toBe(intent.id);
    await waitFor("the delivery to be delivered", async () => (await deliveryRows(hook.id))[0].status === "delivered");
    const attempts = await attemptRows(delivery.id);
    expect(attempts.at(-1)).toMatchObject({ worker: second.name, status_code: 200, error: null });
    expect(attempts.slice(0, -1).every((a) => a.worker === first.name && a.status_code === null)).toBe(true);
  });
});

describe("two workers on one database", () => {
  it("send every attempt exactly once, from a backlog and as events arrive", async () => {
    const { org, agentKey, receiver } = await setup();
    // Requests are held until released, so both workers must be holding claims at the same time.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    receiver.reply(() => gate.then(() => 200));
    const hooks = [
      await createWebhook(org.admin.token, { url: receiver.url, events: ["*"] }),
      await createWebhook(org.admin.token, { url: `${receiver.url}?second`, events: ["intent.pending"] }),
    ];
    // A backlog of 30 deliveries queued before any worker runs.
    for (let i = 0; i < 15; i++) await propose(agentKey, { action: "hook.pending", payload: { backlog: i } });
    const [a, b] = await Promise.all([spawnWorker({}), spawnWorker({})]);
    // Each worker sends at most 10 at once: 20 requests in flight means both hold claims.
    await receiver.waitForHits(20, 20_000);
    open();
    // More events while both run: every NOTIFY wakes both, and they race for the same rows.
    for (let i = 0; i < 10; i++) await propose(agentKey, { action: "hook.pending", payload: { live: i } });
    const total = 50;
    await receiver.waitForHits(total, 30_000);
    await waitFor("every delivery delivered", async () => {
      const rows = [...(await deliveryRows(hooks[0].id)), ...(await deliveryRows(hooks[1].id))];
      return rows.length === total && rows.every((r) => r.status === "delivered");
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const perDelivery = new Map<string, number>();
    for (const hit of receiver.hits) {
      const id = String(hit.headers["tollgate-delivery-id"]);
      perDelivery.set(id, (perDelivery.get(id) ?? 0) + 1);
    }
    expect(receiver.hits).toHaveLength(total);
    expect(perDelivery.size).toBe(total);
    expect([...perDelivery.values()].every((n) => n === 1)).toBe(true);
    const rows = [...(await deliveryRows(hooks[0].id)), ...(await deliveryRows(hooks[1].id))];
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    const senders = new Set<string>();
    for (const row of rows) for (const attempt of await attemptRows(row.id)) senders.add(attempt.worker);
    expect([...senders].sort()).toEqual([a.name, b.name].sort());
  });
});
