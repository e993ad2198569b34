import { type OpenStatement, statementOpener } from "../../signing/statements";
import type { AuditFailure } from "../../schemas/responses/audit";
import type { RequestContext } from "../request-context";
import { GENESIS, checkLinks } from "./audit-links";
import { chainPendingAuditEvents } from "./chain-audit-events";
import { readAuditChain } from "./read-audit-chain";
import { CHUNK, forgetVerified, rememberVerified, verifiedStart } from "./verified-prefix";

export type AuditVerification =
  | { ok: true; events: number; checkpoints: number; verified_from: number }
  | { ok: false; first_bad_seq: number; events: number; reason: AuditFailure };


type Checkpoint = { seq: number; jws: string };

/**
 * The signed hash at each checkpoint's seq, taken from the signature's payload (never from the
 * row's own columns, which whoever rewrote the chain could have rewritten too), and the first
 * checkpoint whose signature does not hold.
 */
async function signedHashes(ctx: RequestContext, open: OpenStatement, checkpoints: Checkpoint[], after: number) {
  const hashes = new Map<number, string>();
  for (const c of checkpoints) {
    if (c.seq <= after) continue;
    const opened = await open("checkpoint", c.jws);
    const p = opened?.payload;
    if (!p || p.org_id !== ctx.orgId || p.seq !== c.seq || typeof p.hash !== "string") return { hashes, invalidAt: c.seq };
    hashes.set(c.seq, p.hash);
  }
  return { hashes, invalidAt: null };
}

/**
 * GET /audit/verify: recomputes every hash from the genesis (or from the point this instance
 * verified last), checks that each event links to the one before with no gap in seq, that every
 * signed checkpoint holds and agrees with the chain, that the chain reaches its latest checkpoint
 * (so deleting the newest events is caught even with the head deleted too), and that it ends
 * where the head says. The first problem (lowest seq) is the answer.
 */
export function verifyAuditChain(ctx: RequestContext, { full = false }: { full?: boolean } = {}): Promise<AuditVerification> {
  const key = `${ctx.orgId}:${full}`;
  let running = inFlight.get(key);
  if (!running) {
    running = verifyNow(ctx, full).finally(() => inFlight.delete(key));
    inFlight.set(key, running);
  }
  return running;
}

/**
 * Verifications running in this process, per org and mode. A caller who asks while one runs shares
 * its answer (the chain as it stood when that one began): a cold verify of a long chain is seconds of
 * CPU (README, "Warm verify"), and one per caller would let anyone who may read the audit trail
 * occupy the server by asking many times at once.
 */
const inFlight = new Map<string, Promise<AuditVerification>>();

async function verifyNow(ctx: RequestContext, full: boolean): Promise<AuditVerification> {
  await chainPendingAuditEvents(ctx);
  const checkpoints = await ctx.db.auditCheckpoint.findMany({ orderBy: { seq: "asc" }, select: { seq: true, jws: true } });
  const start = full ? null : await verifiedStart(ctx, checkpoints);
  const from = start?.boundary ?? GENESIS;

  const { hashes, invalidAt } = await signedHashes(ctx, await statementOpener(), checkpoints, from.seq);
  const problems: { first_bad_seq: number; reason: AuditFailure }[] = [];
  if (invalidAt !== null) problems.push({ first_bad_seq: invalidAt, reason: "checkpoint_signature_invalid" });

  let at = from;
  // The end of the last complete chunk walked, and the digests of those chunks (remembered if all is well).
  let boundary = from;
  const walked: string[] = [];
  let digested = true;
  for await (const batch of readAuditChain(ctx, from.seq)) {
    const walk = checkLinks(batch.rows, at, (point) => {
      const signed = hashes.get(point.seq);
      if (signed !== undefined && signed !== point.hash) return "checkpoint_mismatch" as const;
      if (point.seq % CHUNK === 0) {
        const digest = batch.digestAt(point.seq);
        if (digest === undefined) digested = false;
        else walked.push(digest);
        boundary = point;
      }
      return null;
    });
    at = walk.at;
    if (!walk.ok) {
      problems.push({ first_bad_seq: walk.first_bad_seq, reason: walk.reason });
      break;
    }
    if (batch.last) {
      const lastSigned = Math.max(0, ...hashes.keys());
      if (lastSigned > at.seq) problems.push({ first_bad_seq: at.seq + 1, reason: "events_missing_after_checkpoint" });
      const head = await ctx.db.auditHead.findFirst({ select: { seq: true, hash: true } });
      if (!head && at.seq > 0) problems.push({ first_bad_seq: at.seq + 1, reason: "head_missing" });
      if (head && (head.seq !== at.seq || head.hash !== at.hash)) problems.push({ first_bad_seq: Math.min(head.seq, at.seq) + 1, reason: "head_mismatch" });
      break;
    }
  }

  if (problems.length > 0) {
    forgetVerified(ctx.orgId);
    const first = problems.reduce((a, b) => (b.first_bad_seq < a.first_bad_seq ? b : a));
    return { ok: false, first_bad_seq: first.first_bad_seq, events: first.first_bad_seq - 1, reason: first.reason };
  }
  if (digested) rememberVerified(ctx.orgId, start, walked, boundary, checkpoints);
  return { ok: true, events: at.seq, checkpoints: checkpoints.length, verified_from: from.seq };
}
