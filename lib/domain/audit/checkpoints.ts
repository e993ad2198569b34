import { db } from "../../db/client";
import { lockKey } from "../../db/locks";
import { type OrgTx, inOrgTx } from "../../db/scoped";
import { orgSql, utc } from "../../db/sql";
import { type SigningKey, currentSigningKey } from "../../signing/signing-keys";
import { signStatement } from "../../signing/statements";
import { recordEvent } from "../events/record-event";
import { type Page, intCursor, pageOf } from "../pagination";
import type { RequestContext } from "../request-context";
import { type ChainPoint, GENESIS, checkLinks } from "./audit-links";

// Signed checkpoints: the head of an organization's chain, signed with the instance set's
// Ed25519 key at least every CHECKPOINT_EVENTS events and, while there is activity, every
// CHECKPOINT_MS. Each is also sent out as the webhook event `audit.checkpoint`, so copies live
// outside the database: rewriting the chain (even recomputing every hash) or deleting its newest
// events together with the head then disagrees with a signature nobody here can forge.

export const CHECKPOINT_EVENTS = 1000;
export const CHECKPOINT_MS = 60_000;
/** The sweep runs every few seconds; it signs a little early so no activity waits past CHECKPOINT_MS. */
const SWEEP_SLACK_MS = 5_000;
/** Events one sweep pass reads per organization; a backlog (say, after an upgrade) is signed over several passes. */
const MAX_EVENTS_PER_PASS = 20_000;
const BATCH = 1000;

/** The signed payload (API.md): `{org_id, seq, hash, at}`. */
export function checkpointPayload(orgId: string, point: ChainPoint, at: Date) {
  return { org_id: orgId, seq: point.seq, hash: point.hash, at: at.toISOString() };
}

type Signed = { point: ChainPoint; at: Date; jws: string; kid: string };

async function signAt(orgId: string, point: ChainPoint, key: SigningKey): Promise<Signed> {
  const at = new Date();
  return { point, at, ...(await signStatement("checkpoint", checkpointPayload(orgId, point, at), key)) };
}

/** The key to sign with, read before a transaction starts; null (logged) when it cannot be had, and nothing is signed. */
export async function checkpointKey(): Promise<SigningKey | null> {
  try {
    return await currentSigningKey();
  } catch (error) {
    console.error(`[checkpoints] no signing key (${(error as Error).message}); nothing is signed until one opens (npm run cli -- keys rotate)`);
    return null;
  }
}

/** Stores a signed checkpoint and raises `audit.checkpoint`, unless that seq has one already. */
async function storeCheckpoint(tx: OrgTx, orgId: string, { point, at, jws, kid }: Signed): Promise<void> {
  const stored = await orgSql(orgId)<{ seq: number }>(
    (p) => `INSERT INTO audit_checkpoints (org_id, seq, hash, at, kid, jws)
      VALUES (${p.org}, ${p.add(point.seq, "int")}, ${p.add(point.hash)}, ${p.add(utc(at), "timestamp(3)")}, ${p.add(kid)}, ${p.add(jws)})
      ON CONFLICT (org_id, seq) DO NOTHING RETURNING seq`,
    tx,
  );
  if (stored.length > 0) {
    await recordEvent(tx, orgId, "audit.checkpoint", { id: orgId, seq: point.seq, hash: point.hash, at: at.toISOString(), kid, jws });
  }
}

async function latestCheckpoint(tx: OrgTx): Promise<{ seq: number; hash: string; at: Date } | null> {
  return tx.auditCheckpoint.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true, at: true } });
}

/**
 * For the chainer, in its transaction, after it chained `chained` (ascending): signs every event
 * that ends a run of CHECKPOINT_EVENTS since the last checkpoint, with `key` (checkpointKey(),
 * read before the transaction). Its hashes were just computed from the events' contents, so
 * nothing needs re-reading. Without a key, or when signing fails, it is logged and left to the
 * sweeper, which re-checks the links before it signs; chaining itself must not stop for it.
 */
export async function checkpointChained(tx: OrgTx, orgId: string, chained: ChainPoint[], key: SigningKey | null): Promise<void> {
  if (chained.length === 0 || !key) return;
  let last = (await latestCheckpoint(tx))?.seq ?? 0;
  const due: ChainPoint[] = [];
  for (const point of chained) {
    if (point.seq - last < CHECKPOINT_EVENTS) continue;
    due.push(point);
    last = point.seq;
  }
  let signed: Signed[];
  try {
    signed = await Promise.all(due.map((point) => signAt(orgId, point, key)));
  } catch (error) {
    console.error(`[checkpoints] org ${orgId}: cannot sign (${(error as Error).message}); the sweeper retries`);
    return;
  }
  for (const checkpoint of signed) await storeCheckpoint(tx, orgId, checkpoint);
}

/**
 * One organization's due checkpoints: walks the chain on from the last checkpoint (re-checking
 * every link, so nothing that does not verify is ever signed), signs each CHECKPOINT_EVENTS-th
 * event, and the head when the last checkpoint is older than CHECKPOINT_MS. Serialized per org.
 */
async function signDue(orgId: string, now: Date, key: SigningKey): Promise<number> {
  return inOrgTx(orgId, async (tx) => {
    await lockKey(tx, `audit-checkpoint:${orgId}`);
    const last = await latestCheckpoint(tx);
    const head = await tx.auditHead.findFirst({ select: { seq: true, hash: true } });
    if (!head || head.seq <= (last?.seq ?? 0)) return 0;
    const timeDue = !last || now.getTime() - last.at.getTime() >= CHECKPOINT_MS - SWEEP_SLACK_MS;
    let at: ChainPoint = last ?? GENESIS;
    let lastSigned = at.seq;
    const boundary: ChainPoint[] = [];
    while (at.seq < head.seq && at.seq - (last?.seq ?? 0) < MAX_EVENTS_PER_PASS) {
      const rows = await tx.auditEvent.findMany({ where: { seq: { gt: at.seq, lte: head.seq } }, orderBy: { seq: "asc" }, take: BATCH });
      if (rows.length === 0) break;
      const walk = checkLinks(rows, at, (point) => {
        if (point.seq - lastSigned >= CHECKPOINT_EVENTS) {
          boundary.push(point);
          lastSigned = point.seq;
        }
        return null;
      });
      if (!walk.ok) {
        console.error(`[checkpoints] org ${orgId}: the chain does not verify at seq ${walk.first_bad_seq} (${walk.reason}); nothing past it is signed`);
        break;
      }
      at = walk.at;
    }
    if (timeDue && at.seq === head.seq && at.hash === head.hash && lastSigned < head.seq) boundary.push(at);
    for (const point of boundary) await storeCheckpoint(tx, orgId, await signAt(orgId, point, key));
    return boundary.length;
  });
}

/** Sweeper (system-run, across orgs): signs the checkpoints that are due in every organization. */
export async function signDueCheckpoints(now = new Date()): Promise<number> {
  const due = await db().$queryRaw<{ org_id: string }[]>`
    SELECT h.org_id FROM audit_heads h
    LEFT JOIN LATERAL (SELECT seq, at FROM audit_checkpoints c WHERE c.org_id = h.org_id ORDER BY seq DESC LIMIT 1) c ON true
    WHERE h.seq > coalesce(c.seq, 0)
      AND (c.seq IS NULL OR h.seq - c.seq >= ${CHECKPOINT_EVENTS} OR c.at <= ${new Date(now.getTime() - CHECKPOINT_MS + SWEEP_SLACK_MS)})`;
  if (due.length === 0) return 0;
  const key = await checkpointKey();
  if (!key) return 0;
  let signed = 0;
  for (const { org_id: orgId } of due) {
    try {
      signed += await signDue(orgId, now, key);
    } catch (error) {
      console.error(`[checkpoints] org ${orgId}:`, (error as Error).message);
    }
  }
  return signed;
}

export function serializeCheckpoint(c: { seq: number; hash: string; at: Date; kid: string; jws: string }) {
  return { seq: c.seq, hash: c.hash, at: c.at.toISOString(), kid: c.kid, jws: c.jws };
}

/** GET /audit/checkpoints: the org's signed checkpoints in seq order; the cursor is the last seq seen. */
export async function listCheckpoints(ctx: RequestContext, page: Page) {
  const rows = await ctx.db.auditCheckpoint.findMany({
    where: { seq: { gt: intCursor(page.cursor) ?? 0 } },
    orderBy: { seq: "asc" },
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit, (c) => String(c.seq), serializeCheckpoint);
}
