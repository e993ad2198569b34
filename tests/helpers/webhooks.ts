import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { disconnectDb } from "../../lib/db/client";
import { type Signal, notifications } from "../../lib/db/notifications";
import { EVENTS_CHANNEL } from "../../lib/domain/events/record-event";
import { call } from "./api";
import { createFreshDatabase } from "./fresh-database";
import { sqlExec, sqlRows } from "./sql";

/** The webhook suites' policy: `hook.pending` waits for a human (practically forever), `hook.allow` is allowed. */
export const WEBHOOK_POLICY = `
version: 1
default: require_approval
rules:
  - id: hold
    match: { action: hook.pending }
    decision: require_approval
    sla: 3650d
  - id: allow
    match: { action: hook.allow }
    decision: allow
`;

/**
 * Gives this test file a database of its own (set before the first query of the file). Suites that
 * run a delivery worker use one: a worker claims due deliveries of every organization, and must not
 * send (or, killed mid-send, hold) deliveries of suites running beside it. Returns the URL and a cleanup.
 */
export async function usePrivateDatabase(prefix: string): Promise<{ url: string; release: () => Promise<void> }> {
  const database = await createFreshDatabase(prefix);
  process.env.DATABASE_URL = database.url;
  return {
    url: database.url,
    release: async () => {
      await disconnectDb();
      await database.drop();
    },
  };
}

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function createWebhook(adminToken: string, body: Record<string, unknown>) {
  const res = await call("POST", "/api/v1/webhooks", { token: adminToken, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; url: string; events: string[]; active: boolean; secret: string };
}

export async function deliveries(adminToken: string, webhookId: string, query = "") {
  const res = await call("GET", `/api/v1/webhooks/${webhookId}/deliveries${query}`, { token: adminToken });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as any[];
}

/** The delivery rows straight from the database (what the API does not show: claim state, worker). */
export function deliveryRows(webhookId: string) {
  return sqlRows<{ id: string; event_id: string; status: string; attempts: number; locked_until: Date | null }>(
    "SELECT id, event_id, status::text, attempts, locked_until FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at",
    webhookId,
  );
}

export function attemptRows(deliveryId: string) {
  return sqlRows<{ number: number; worker: string; started_at: Date; finished_at: Date | null; status_code: number | null; error: string | null }>(
    "SELECT number, worker, started_at, finished_at, status_code, error FROM webhook_delivery_attempts WHERE delivery_id = $1 ORDER BY number",
    deliveryId,
  );
}

/**
 * Resolves once this process's LISTEN connection hears NOTIFYs, so a test that relies on the
 * prompt wake-up does not race the connection being set up.
 */
export async function untilListening(): Promise<void> {
  const bus = notifications();
  const probe = `probe_${randomUUID()}`;
  let heard = false;
  const onSignal = (signal: Signal) => {
    if (signal.subject_id === probe) heard = true;
  };
  bus.on("signal", onSignal);
  try {
    await waitFor("the LISTEN connection", async () => {
      await sqlExec("SELECT pg_notify($1, $2)", EVENTS_CHANNEL, JSON.stringify({ event_id: null, org_id: "probe", type: "probe", subject_id: probe }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      return heard;
    }, 10_000, 200);
  } finally {
    bus.off("signal", onSignal);
  }
}
