import { createHash, randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson } from "../../lib/canonical-json";
import { notifications } from "../../lib/db/notifications";
import { inOrgTx } from "../../lib/db/scoped";
import { GENESIS_HASH, appendAuditEvent } from "../../lib/domain/audit/append-audit-event";
import { auditFacets } from "../../lib/domain/audit/audit-facets";
import { type ChainedEvent, chainAuditEvents, onAuditChained } from "../../lib/domain/audit/chain-audit-events";
import { listAuditEvents } from "../../lib/domain/audit/list-audit-events";
import { type AuditChainer, startAuditChainer } from "../../lib/domain/audit/start-audit-chainer";
import { sweepAuditChains } from "../../lib/domain/audit/sweep-audit-chains";
import { EVENTS_CHANNEL } from "../../lib/domain/events/record-event";
import { type TestOrg, createTestOrg } from "../factories/org";
import { type ApiResponse, call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { sqlExec, sqlRows } from "../helpers/sql";

// Appends queue audit events without touching the org's head; a sequencer chains them later
// (lib/domain/audit/chain-audit-events.ts). No background chainer or sweeper runs in this process
// unless a test starts it, so an event stays pending until a reader, the sweeper or a test chains it.

interface AuditEvent {
  seq: number;
  actor: { type: string; id: string | null };
  type: string;
  subject: { type: string; id: string };
  prev_hash: string;
  hash: string;
}

const removals: (() => void)[] = [];
afterEach(() => {
  for (const remove of removals.splice(0)) remove();
});

async function allEvents(org: TestOrg): Promise<AuditEvent[]> {
  const out: AuditEvent[] = [];
  let cursor: string | null = null;
  do {
    const page: ApiResponse = await call("GET", `/api/v1/audit?limit=200${cursor ? `&cursor=${cursor}` : ""}`, { token: org.admin.token });
    expect(page.status).toBe(200);
    out.push(...page.body.items);
    cursor = page.body.next_cursor;
  } while (cursor);
  return out;
}

/** The contract's chain, recomputed here: seq 1…n, each linked to the one before, each hash over the rest. */
function expectContractChain(events: AuditEvent[]) {
  let prev = GENESIS_HASH;
  events.forEach(({ hash, ...rest }, i) => {
    expect(rest.seq).toBe(i + 1);
    expect(rest.prev_hash).toBe(prev);
    expect(hash).toBe(createHash("sha256").update(prev + canonicalJson(rest)).digest("hex"));
    prev = hash;
  });
}

/**
 * An org whose policy allows what these tests propose, its chain caught up: each proposal is then
 * one audit event (a pending one is two: a reviewer is assigned right after it commits).
 */
async function allowingOrg(): Promise<TestOrg> {
  const org = await createTestOrg();
  await org.setPolicy("version: 1\ndefault: allow\nrules: []\n");
  await chainAuditEvents(org.orgId);
  return org;
}

const verify = async (org: TestOrg) => (await call("GET", "/api/v1/audit/verify", { token: org.admin.token })).body;
const pendingCount = async (orgId: string) =>
  (await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM audit_pending WHERE org_id = $1", orgId))[0].n;
const chainedCount = async (orgId: string) =>
  (await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1", orgId))[0].n;
const head = async (orgId: string) => (await sqlRows<{ seq: number; hash: string }>("SELECT seq, hash FROM audit_heads WHERE org_id = $1", orgId))[0];

/** `n` events appended through the real append, `perTx` to a committed transaction. */
async function appendMany(orgId: string, n: number, perTx = 100, tag = "bulk") {
  for (let done = 0; done < n; done += perTx) {
    await inOrgTx(orgId, async (tx) => {
      for (let i = done; i < Math.min(n, done + perTx); i++) {
        await appendAuditEvent(tx, orgId, { actor: { type: "system", id: null }, type: `test.${tag}`, subject: { type: "test", id: `${tag}-${i}` }, data: { i } });
      }
    });
  }
}

/** Every point chained for `orgId` in this process, as the sequencer reports it to its listeners. */
function recordChained(orgId: string): ChainedEvent[] {
  const seen: ChainedEvent[] = [];
  removals.push(
    onAuditChained(async (_tx, chainedOrg, chained) => {
      if (chainedOrg === orgId) seen.push(...chained);
    }),
  );
  return seen;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("appends", () => {
  it("queue the event unchained and leave the head alone, in the transaction of the change", async () => {
    const org = await createTestOrg();
    expect(await pendingCount(org.orgId)).toBe(1); // org.bootstrapped: nobody has read the chain yet
    expect(await head(org.orgId)).toBeUndefined();
    await chainAuditEvents(org.orgId);
    const before = await head(org.orgId);
    expect(before.seq).toBe(1);
    const agent = await org.agent();
    await propose(agent.key, { action: "crm.update", payload: { n: 1 } });
    // intent.proposed, and intent.assigned (no policy: it waits for approval, and a reviewer is assigned).
    expect(await pendingCount(org.orgId)).toBe(3);
    expect(await head(org.orgId)).toEqual(before);
    expect(await chainedCount(org.orgId)).toBe(1);
  });
});

describe("chain order", () => {
  it("is the order events were appended in, across batches and however many digits their positions have", async () => {
    const org = await createTestOrg();
    await inOrgTx(org.orgId, async (tx) => {
      for (let i = 0; i < 1210; i++) {
        await appendAuditEvent(tx, org.orgId, { actor: { type: "system", id: null }, type: "test.order", subject: { type: "test", id: `t${i}` }, data: { i } });
      }
    });
    await chainAuditEvents(org.orgId);
    const rows = await sqlRows<{ i: number }>("SELECT (data->>'i')::int AS i FROM audit_events WHERE org_id = $1 AND type = 'test.order' ORDER BY seq", org.orgId);
    expect(rows.map((r) => r.i)).toEqual(Array.from({ length: 1210 }, (_, i) => i));
  });
});

describe("no reader is shown an unchained event", () => {
  it("GET /audit right after a proposal commits shows it chained, linked and hashed; the chain verifies", async () => {
    const org = await allowingOrg();
    const agent = await org.agent();
    let shown = await allEvents(org);
    for (let round = 0; round < 8; round++) {
      const intent = await propose(agent.key, { action: "crm.update", payload: { round } });
      // Nothing chained it yet: the read below has to.
      expect(await pendingCount(org.orgId)).toBe(1);
      const last = shown[shown.length - 1];
      const page = await call("GET", `/api/v1/audit?cursor=${last.seq}`, { token: org.admin.token });
      expect(page.body.items).toHaveLength(1);
      expect(page.body.items[0]).toMatchObject({ seq: last.seq + 1, type: "intent.proposed", subject: { id: intent.id }, prev_hash: last.hash, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      shown = [...shown, page.body.items[0]];
      expect(await pendingCount(org.orgId)).toBe(0);
    }
    expectContractChain(await allEvents(org));
    expect(await allEvents(org)).toEqual(shown);
    expect(await verify(org)).toMatchObject({ ok: true, events: shown.length });
  });

  it("the dashboard's newest-first page and type counts chain first too", async () => {
    const org = await allowingOrg();
    const agent = await org.agent();
    const intent = await propose(agent.key, { action: "crm.update", payload: {} });
    expect(await pendingCount(org.orgId)).toBeGreaterThan(0);
    const facets = await auditFacets(org.ctx);
    expect(facets.types).toContainEqual({ value: "intent.proposed", count: 1 });
    await propose(agent.key, { action: "crm.update", payload: { again: true } });
    const newest = await listAuditEvents(org.ctx, {}, { limit: 2, order: "desc" });
    expect(newest.items.map((e) => e.type)).toEqual(["intent.proposed", "intent.proposed"]);
    expect(newest.items[1].subject.id).toBe(intent.id);
    expect(newest.items[0].seq).toBe(newest.items[1].seq + 1);
    expect(await pendingCount(org.orgId)).toBe(0);
  });
});

describe("a chain built under 64 concurrent proposers", () => {
  it("chains every proposal exactly once, while readers chain at the same time, and verifies", async () => {
    const org = await allowingOrg();
    const agents = await Promise.all(Array.from({ length: 4 }, () => org.agent()));
    const before = (await allEvents(org)).length;
    const proposals = Array.from({ length: 64 }, (_, i) => call("POST", "/api/v1/intents", { token: agents[i % 4].key, body: { action: "crm.update", payload: { i } } }));
    // Readers (each one a chainer) racing the proposals.
    const readers = Array.from({ length: 8 }, () => call("GET", "/api/v1/audit?limit=1", { token: org.admin.token }));
    const [answers, reads] = await Promise.all([Promise.all(proposals), Promise.all(readers)]);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    expect(reads.map((r) => r.status)).toEqual(reads.map(() => 200));

    const events = await allEvents(org);
    expect(events).toHaveLength(before + 64);
    expectContractChain(events);
    const proposed = events.filter((e) => e.type === "intent.proposed").map((e) => e.subject.id);
    expect(proposed.sort()).toEqual(answers.map((a) => a.body.id as string).sort());
    expect(await head(org.orgId)).toEqual({ seq: events.length, hash: events[events.length - 1].hash });
    expect(await pendingCount(org.orgId)).toBe(0);
    expect(await verify(org)).toMatchObject({ ok: true, events: before + 64 });
  });
});

describe("concurrent chainers", () => {
  it("neither fork the chain nor chain an event twice, across batches, with appends still arriving", async () => {
    const org = await createTestOrg();
    await chainAuditEvents(org.orgId);
    const start = await head(org.orgId);
    await appendMany(org.orgId, 1200);
    const chained = recordChained(org.orgId);
    const results = await Promise.all([
      chainAuditEvents(org.orgId),
      chainAuditEvents(org.orgId),
      chainAuditEvents(org.orgId, { skipLocked: true }),
      chainAuditEvents(org.orgId, { skipLocked: true }),
      sweepAuditChains(),
      call("GET", "/api/v1/audit?limit=1", { token: org.admin.token }),
      appendMany(org.orgId, 100, 10, "late"),
      chainAuditEvents(org.orgId),
    ]);
    expect(results.length).toBe(8);
    await chainAuditEvents(org.orgId); // whatever the late appends left

    // Every event chained once, at consecutive seqs after the start.
    expect(chained.map((c) => c.seq)).toEqual(Array.from({ length: 1300 }, (_, i) => start.seq + i + 1));
    const rows = await sqlRows<{ seq: number; hash: string; subject_id: string }>("SELECT seq, hash, subject_id FROM audit_events WHERE org_id = $1 AND seq > $2 ORDER BY seq", org.orgId, start.seq);
    expect(rows.map((r) => ({ seq: r.seq, hash: r.hash }))).toEqual(chained);
    expect(new Set(rows.map((r) => r.subject_id)).size).toBe(1300);
    expect(await pendingCount(org.orgId)).toBe(0);
    expect(await head(org.orgId)).toEqual(chained[chained.length - 1]);
    expectContractChain(await allEvents(org));
    expect(await verify(org)).toMatchObject({ ok: true, events: start.seq + 1300 });
  });

  it("a listener runs in the batch's transaction: the batch is visible to it, and its throw undoes the batch", async () => {
    const org = await createTestOrg();
    await chainAuditEvents(org.orgId);
    const start = await head(org.orgId);
    await appendMany(org.orgId, 3);
    const seenInTx: number[] = [];
    removals.push(
      onAuditChained(async (tx, orgId, points) => {
        if (orgId !== org.orgId) return;
        const rows = await tx.$queryRawUnsafe<{ seq: number }[]>("SELECT seq FROM audit_events WHERE org_id = $1 AND seq > $2 ORDER BY seq", orgId, start.seq);
        seenInTx.push(...rows.map((r) => r.seq));
        if (points.length === 3) throw new Error("signing failed");
      }),
    );
    await expect(chainAuditEvents(org.orgId)).rejects.toThrow("signing failed");
    expect(seenInTx).toEqual([start.seq + 1, start.seq + 2, start.seq + 3]);
    // Rolled back as one: nothing moved, the head did not move.
    expect(await pendingCount(org.orgId)).toBe(3);
    expect(await chainedCount(org.orgId)).toBe(start.seq);
    expect(await head(org.orgId)).toEqual(start);
  });
});

describe("a crash between commit and chaining", () => {
  it("leaves events pending until the sweeper chains them", async () => {
    const org = await allowingOrg();
    const agent = await org.agent();
    await chainAuditEvents(org.orgId);
    const ids = [];
    for (let n = 0; n < 5; n++) ids.push((await propose(agent.key, { action: "crm.update", payload: { n } })).id);
    // Committed, and no chainer ran (as if the instance died right after its commits).
    expect(await pendingCount(org.orgId)).toBe(5);
    expect(await sweepAuditChains()).toBeGreaterThanOrEqual(5);
    expect(await pendingCount(org.orgId)).toBe(0);
    const rows = await sqlRows<{ subject_id: string }>("SELECT subject_id FROM audit_events WHERE org_id = $1 AND type = 'intent.proposed' ORDER BY seq", org.orgId);
    expect(rows.map((r) => r.subject_id).sort()).toEqual([...ids].sort());
    expectContractChain(await allEvents(org));
    expect(await verify(org)).toMatchObject({ ok: true });
  });

  it("a chainer that dies mid-batch moves nothing; the next reader chains it all", async () => {
    const org = await allowingOrg();
    const agent = await org.agent();
    await chainAuditEvents(org.orgId);
    const start = await head(org.orgId);
    for (let n = 0; n < 3; n++) await propose(agent.key, { action: "crm.update", payload: { n } });
    removals.push(
      onAuditChained(async (_tx, orgId) => {
        if (orgId === org.orgId) throw new Error("connection lost");
      }),
    );
    await expect(chainAuditEvents(org.orgId)).rejects.toThrow("connection lost");
    expect(await head(org.orgId)).toEqual(start);
    expect(await pendingCount(org.orgId)).toBe(3);
    for (const remove of removals.splice(0)) remove();
    const events = await allEvents(org);
    expect(events.filter((e) => e.type === "intent.proposed")).toHaveLength(3);
    expectContractChain(events);
    expect(await verify(org)).toMatchObject({ ok: true, events: start.seq + 3 });
  });
});

describe("a tampered head", () => {
  it("deleted: the chain is not restarted (which would hide the truncation); readers still answer, verify does not pass", async () => {
    const org = await allowingOrg();
    const agent = await org.agent();
    const chained = await allEvents(org);
    await sqlExec("DELETE FROM audit_heads WHERE org_id = $1", org.orgId);
    await propose(agent.key, { action: "crm.update", payload: {} });
    expect(await allEvents(org)).toEqual(chained);
    await expect(chainAuditEvents(org.orgId)).rejects.toThrow(/head is missing/);
    expect(await pendingCount(org.orgId)).toBe(1);
    expect(await head(org.orgId)).toBeUndefined();
    expect(await verify(org)).toMatchObject({ ok: false });
  });

  it("moved back: no event is chained onto a seq that is taken; nothing moves", async () => {
    const org = await allowingOrg();
    const agent = await org.agent();
    const chained = await allEvents(org);
    await sqlExec("UPDATE audit_heads SET seq = seq - 1 WHERE org_id = $1", org.orgId);
    await propose(agent.key, { action: "crm.update", payload: {} });
    expect(await allEvents(org)).toEqual(chained);
    await expect(chainAuditEvents(org.orgId)).rejects.toThrow(/behind the chain/);
    expect(await pendingCount(org.orgId)).toBe(1);
    expect(await chainedCount(org.orgId)).toBe(chained.length);
  });
});

describe("the background chainer", () => {
  let chainer: AuditChainer | null = null;
  afterEach(async () => {
    await chainer?.stop();
    chainer = null;
  });

  it("chains on its own: woken by this process's appends and by any instance's events NOTIFY", async () => {
    const org = await allowingOrg();
    const agent = await org.agent();
    await chainAuditEvents(org.orgId);
    chainer = startAuditChainer();

    // An append that raises no domain event (no NOTIFY): this process's own wake-up.
    await appendMany(org.orgId, 3, 3, "local");
    await until("the local appends to be chained", async () => (await pendingCount(org.orgId)) === 0);

    // Proposals NOTIFY every instance: once this process listens, they are chained with no reader.
    const ping = `ping-${randomUUID()}`;
    let heard = false;
    const onSignal = (signal: { subject_id: string }) => {
      heard ||= signal.subject_id === ping;
    };
    notifications().on("signal", onSignal);
    try {
      await until("the LISTEN connection", async () => {
        await sqlExec("SELECT pg_notify($1, $2)", EVENTS_CHANNEL, JSON.stringify({ event_id: null, org_id: "org_none", type: "test.ping", subject_id: ping }));
        return heard;
      });
    } finally {
      notifications().off("signal", onSignal);
    }
    const before = await chainedCount(org.orgId);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => propose(agent.key, { action: "crm.update", payload: { i } })));
    await until("the proposals to be chained", async () => (await pendingCount(org.orgId)) === 0);
    expect(await chainedCount(org.orgId)).toBe(before + 20);
    const proposed = await sqlRows<{ subject_id: string }>("SELECT subject_id FROM audit_events WHERE org_id = $1 AND type = 'intent.proposed'", org.orgId);
    expect(proposed.map((r) => r.subject_id).sort()).toEqual(answers.map((a) => a.id as string).sort());
    expect(await verify(org)).toMatchObject({ ok: true, events: before + 20 });
  });
});
