import { setImmediate as turn } from "node:timers/promises";
import type { OrgParams } from "../../db/sql";
import type { RequestContext } from "../request-context";
import type { PendingEvent } from "./chain-audit-events";
import { CHUNK, CHUNK_DIGEST_SQL } from "./verified-prefix";

/** Events per read: whole chunks (reads start at a chunk's start), so each chunk's digest comes from the statement that read its rows. */
const READ_BATCH = 5 * CHUNK;

/** A chained event as stored: the queued event's fields, with its place and hashes in the chain. */
export type StoredAuditEvent = Omit<PendingEvent, "pos"> & { seq: number; prevHash: string; hash: string };

export interface AuditBatch {
  rows: StoredAuditEvent[];
  /** The digest of the chunk ending at `seq`, when this batch read that whole chunk (verified-prefix.ts). */
  digestAt(seq: number): string | undefined;
  /** Nothing after this batch (it came back short). */
  last: boolean;
}

/** A row as it comes back: the event's columns under their stored names, `at` as epoch ms and data as text until converted in place. */
type Row = Omit<StoredAuditEvent, "at" | "data"> & { at: number | Date; data: unknown; digest: string | null };

/**
 * The batch read: READ_BATCH events after `after`, each chunk's digest on its last event's row.
 * `digests` is MATERIALIZED: under a generic plan (which PostgreSQL picks for a prepared statement
 * after five runs, and PGlite's shared session keeps) the planner put the aggregate inside a
 * nested loop and re-ran it for every row, so a 2,600-event read took 8 s instead of 12 ms
 * (tests/integration/audit-read-plan.test.ts).
 */
export const auditBatchSql = (p: OrgParams, after: number) =>
  `WITH batch AS (
    SELECT * FROM audit_events WHERE org_id = ${p.org} AND seq > ${p.add(after, "int")} ORDER BY seq LIMIT ${p.add(READ_BATCH, "int")}
  ), digests AS MATERIALIZED (
    SELECT ((seq - 1) / ${CHUNK} + 1) * ${CHUNK} AS last_seq, ${CHUNK_DIGEST_SQL} AS digest FROM batch GROUP BY 1
  )
  SELECT b.seq, round(extract(epoch FROM b.at) * 1000)::float8 AS at, b.actor_type AS "actorType", b.actor_id AS "actorId", b.type,
    b.subject_type AS "subjectType", b.subject_id AS "subjectId", b.data::text AS data, b.prev_hash AS "prevHash", b.hash, d.digest
  FROM batch b LEFT JOIN digests d ON d.last_seq = b.seq ORDER BY b.seq`;

/**
 * READ_BATCH events after `after` (a chunk's end, or the genesis), with the digest of each chunk
 * among them, in one statement (one snapshot). Read over pg, not the ORM (a third less CPU per
 * event, BENCHMARKS.md), and in the sequencer's terms: times as epoch ms (pg would read a timestamp without
 * time zone in the local zone), data as the jsonb's text parsed, so it hashes as it was chained.
 */
async function readBatch(ctx: RequestContext, after: number): Promise<AuditBatch> {
  const rows = await ctx.sql<Row>((p) => auditBatchSql(p, after));
  const digests = new Map<number, string>();
  for (const r of rows) {
    // Only for a chunk read whole (from its start): a read that began inside one would digest part of it.
    if (r.digest !== null && r.seq - CHUNK >= after) digests.set(r.seq, r.digest);
    r.at = new Date(r.at as number);
    r.data = JSON.parse(r.data as string) as unknown;
  }
  return {
    rows: rows as StoredAuditEvent[],
    digestAt: (seq) => digests.get(seq),
    last: rows.length < READ_BATCH,
  };
}

/**
 * The org's chain after `after`, in seq order, batch by batch: the next batch is read while the
 * caller checks this one (PostgreSQL and the hashing overlap). Stopping early drops the read ahead.
 */
export async function* readAuditChain(ctx: RequestContext, after: number): AsyncGenerator<AuditBatch> {
  let next = readBatch(ctx, after);
  for (;;) {
    const batch = await next;
    const end = batch.rows[batch.rows.length - 1];
    if (!batch.last && end) {
      next = readBatch(ctx, end.seq);
      next.catch(() => {}); // awaited on the next turn; unawaited if the caller stops
      // Let the pool send it before the caller's hashing holds the thread.
      await turn();
    }
    yield batch;
    if (batch.last || !end) return;
  }
}
