import type { RequestContext } from "../request-context";
import { GENESIS_HASH, auditHash, auditHashInput } from "./append-audit-event";

const BATCH = 1000;

/**
 * GET /audit/verify: recomputes every hash from the genesis, checks that each event links to
 * the one before it with no gap in seq, and that the chain ends where the head says it does
 * (so deleting the newest events is caught too).
 */
export async function verifyAuditChain(ctx: RequestContext): Promise<{ ok: true; events: number } | { ok: false; first_bad_seq: number; events: number }> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await ctx.db.auditEvent.findMany({ where: { seq: { gte: expectedSeq } }, orderBy: { seq: "asc" }, take: BATCH });
    for (const row of rows) {
      const intact = row.seq === expectedSeq && row.prevHash === prevHash && auditHash(prevHash, auditHashInput(row)) === row.hash;
      if (!intact) return { ok: false, first_bad_seq: expectedSeq, events: expectedSeq - 1 };
      prevHash = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < BATCH) break;
  }
  const count = expectedSeq - 1;
  const head = await ctx.db.auditHead.findFirst({});
  if (head && (head.seq !== count || head.hash !== prevHash)) return { ok: false, first_bad_seq: count + 1, events: count };
  return { ok: true, events: count };
}
