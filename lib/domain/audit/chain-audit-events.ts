import { type OrgTx, inOrgTx } from "../../db/scoped";
import { orgSql } from "../../db/sql";
import type { RequestContext } from "../request-context";
import { GENESIS_HASH, auditHash, auditHashInput } from "./append-audit-event";
import type { SigningKey } from "../../signing/signing-keys";
import { checkpointChained, checkpointKey } from "./checkpoints";

// The sequencer (docs/async-audit-chaining.md): appends queue events in audit_pending without
// touching the org's head; this chains them afterwards, a batch per transaction, under the head's
// row lock. The chain's order is the order events are chained in, so an event that commits late
// (with an earlier pos) is simply chained in a later batch.

/** Events per transaction: bounds how long the head is held and the size of the one write. */
export const CHAIN_BATCH = 1000;

/** Each chained batch is announced here on commit, `{org_id, seq}` (the new head): for whoever follows the chain (the benchmark measures the window with it). */
export const AUDIT_CHAINED_CHANNEL = "tollgate_audit_chained";

/** A chained event's place in the chain (seq 0 is the genesis). */
export interface ChainedEvent {
  seq: number;
  hash: string;
}

export interface PendingEvent {
  pos: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  type: string;
  subjectType: string;
  subjectId: string;
  data: unknown;
}

/** Runs in the sequencer's transaction after each batch is written, before it commits; a throw rolls the batch back. */
export type ChainListener = (tx: OrgTx, orgId: string, chained: ChainedEvent[]) => Promise<void>;

const listeners: ChainListener[] = [];

/** Registers `listener` for every batch chained in this process (signed checkpoints); returns its removal. */
export function onAuditChained(listener: ChainListener): () => void {
  listeners.push(listener);
  return () => {
    const at = listeners.indexOf(listener);
    if (at >= 0) listeners.splice(at, 1);
  };
}

/** The chain cannot go on from its head: the head is missing, or behind the stored events. Verify reports it; nothing is chained. */
export class AuditChainStuck extends Error {}

/** Seq, prev_hash and hash for `events` in order, continuing from `head`: the same auditHash verify recomputes. */
export function linkAuditEvents(head: ChainedEvent, events: readonly PendingEvent[]) {
  let prev = head;
  return events.map((event) => {
    const seq = prev.seq + 1;
    const hash = auditHash(prev.hash, auditHashInput({ ...event, seq, prevHash: prev.hash }));
    const link = { pos: event.pos, seq, prev_hash: prev.hash, hash };
    prev = { seq, hash };
    return link;
  });
}

interface PendingRow {
  pos: string;
  at_ms: number;
  actor_type: string;
  actor_id: string | null;
  type: string;
  subject_type: string;
  subject_id: string;
  data: string;
}

/**
 * Takes the org's head row FOR UPDATE (SKIP LOCKED: null while another chainer holds it). A missing
 * head is created at the genesis only for an org with no chained event: recreating it anywhere
 * else would hide the truncation verify must report.
 */
async function lockHead(tx: OrgTx, orgId: string, skipLocked: boolean): Promise<ChainedEvent | null> {
  const sql = orgSql(orgId);
  const take = (skip: boolean) =>
    sql<{ seq: number | null; hash: string | null; present: boolean }>(
      (p) => `SELECT h.seq, h.hash, EXISTS (SELECT 1 FROM audit_heads WHERE org_id = ${p.org}) AS present
        FROM (SELECT 1) AS one LEFT JOIN (SELECT seq, hash FROM audit_heads WHERE org_id = ${p.org} FOR UPDATE${skip ? " SKIP LOCKED" : ""}) AS h ON true`,
      tx,
    );
  const [first] = await take(skipLocked);
  if (first.seq !== null && first.hash !== null) return { seq: first.seq, hash: first.hash };
  if (first.present) return null;
  await sql(
    (p) => `INSERT INTO audit_heads (org_id, seq, hash) SELECT ${p.org}, 0, ${p.add(GENESIS_HASH)}
      WHERE NOT EXISTS (SELECT 1 FROM audit_events WHERE org_id = ${p.org}) ON CONFLICT (org_id) DO NOTHING`,
    tx,
  );
  const [created] = await take(false);
  if (created.seq === null || created.hash === null) throw new AuditChainStuck(`org ${orgId}: the audit head is missing but the chain has events`);
  return { seq: created.seq, hash: created.hash };
}

/** One batch in the caller's transaction: how many events it chained, or null if the head was busy. */
async function chainBatch(tx: OrgTx, orgId: string, skipLocked: boolean, key: SigningKey | null): Promise<number | null> {
  const head = await lockHead(tx, orgId, skipLocked);
  if (!head) return null;
  const sql = orgSql(orgId);
  // Read after the lock, so a chainer that held it before is seen to have committed (READ COMMITTED).
  // Times as epoch ms (pg reads a timestamp without time zone in the local zone); data as jsonb gives
  // it back, so it is hashed exactly as verify will read it. ORDER BY names the column, not the text
  // alias `pos` (which would sort 10 before 9).
  const rows = await sql<PendingRow>(
    (p) => `SELECT pos::text AS pos, round(extract(epoch FROM at) * 1000)::float8 AS at_ms, actor_type, actor_id, type, subject_type, subject_id, data::text AS data
      FROM audit_pending WHERE org_id = ${p.org} ORDER BY audit_pending.pos LIMIT ${p.add(CHAIN_BATCH, "int")}`,
    tx,
  );
  if (rows.length === 0) return 0;
  const links = linkAuditEvents(
    head,
    rows.map((r) => ({
      pos: r.pos, at: new Date(r.at_ms), actorType: r.actor_type, actorId: r.actor_id, type: r.type,
      subjectType: r.subject_type, subjectId: r.subject_id, data: JSON.parse(r.data) as unknown,
    })),
  );
  const last = links[links.length - 1];
  // One statement: the batch leaves the queue, lands in the chain with its links, the head moves on,
  // and the new head is announced (delivered only if this commits).
  const [written] = await sql<{ moved: number; chained: number }>(
    (p) => `WITH link AS (
      SELECT * FROM jsonb_to_recordset(${p.add(JSON.stringify(links), "jsonb")}) AS l(pos bigint, seq int, prev_hash text, hash text)
    ), moved AS (
      DELETE FROM audit_pending q USING link WHERE q.org_id = ${p.org} AND q.pos = link.pos
      RETURNING q.id, q.org_id, link.seq, q.at, q.actor_type, q.actor_id, q.type, q.subject_type, q.subject_id, q.data, link.prev_hash, link.hash
    ), chained AS (
      INSERT INTO audit_events (id, org_id, seq, at, actor_type, actor_id, type, subject_type, subject_id, data, prev_hash, hash)
      SELECT * FROM moved ON CONFLICT DO NOTHING RETURNING seq
    ), head AS (
      UPDATE audit_heads SET seq = ${p.add(last.seq, "int")}, hash = ${p.add(last.hash)} WHERE org_id = ${p.org} RETURNING seq
    )
    SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM chained)::int AS chained,
      (SELECT count(pg_notify(${p.add(AUDIT_CHAINED_CHANNEL)}, json_build_object('org_id', ${p.org}, 'seq', seq)::text)) FROM head)::int AS notified`,
    tx,
  );
  if (written.moved !== rows.length) throw new Error(`org ${orgId}: ${rows.length} audit events read to chain, ${written.moved} moved`);
  // A seq already taken: the head is behind the stored chain (edited). Roll back; verify reports it.
  if (written.chained !== rows.length) throw new AuditChainStuck(`org ${orgId}: the audit head (seq ${head.seq}) is behind the chain`);
  const chained = links.map((l) => ({ seq: l.seq, hash: l.hash }));
  await checkpointChained(tx, orgId, chained, key);
  for (const listener of listeners) await listener(tx, orgId, chained);
  return rows.length;
}

/**
 * Chains the org's pending events, a batch per transaction, until none is left. With `skipLocked`
 * (background chainers) it gives up at once when another chainer holds the head (`busy`); without,
 * it waits its turn, so every event committed before the call is chained when it returns.
 */
export async function chainAuditEvents(orgId: string, { skipLocked = false } = {}): Promise<{ chained: number; busy: boolean }> {
  let chained = 0;
  // Read before the transactions: inside one it would need a second connection (see signStatement).
  const key = await checkpointKey();
  for (;;) {
    const batch = await inOrgTx(orgId, (tx) => chainBatch(tx, orgId, skipLocked, key));
    if (batch === null) return { chained, busy: true };
    chained += batch;
    if (batch < CHAIN_BATCH) return { chained, busy: false };
  }
}

/** Whether the org has events waiting to be chained: an index probe, no lock. */
export async function hasPendingAuditEvents(orgId: string): Promise<boolean> {
  const [row] = await orgSql(orgId)<{ pending: boolean }>((p) => `SELECT EXISTS (SELECT 1 FROM audit_pending WHERE org_id = ${p.org}) AS pending`);
  return row.pending;
}

/**
 * For every reader of the chain, first: chains what is pending, so no one is shown a chain that
 * lacks an event committed before the read. A chain that cannot go on (AuditChainStuck) is logged
 * and left for verify to report; the reader sees the events chained so far.
 */
export async function chainPendingAuditEvents(ctx: RequestContext): Promise<void> {
  if (!(await hasPendingAuditEvents(ctx.orgId))) return;
  try {
    await chainAuditEvents(ctx.orgId);
  } catch (error) {
    if (!(error instanceof AuditChainStuck)) throw error;
    console.error(`[audit] ${error.message}`);
  }
}
