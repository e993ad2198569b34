import { GENESIS_HASH, auditHash, auditHashInput } from "./append-audit-event";

type StoredEvent = Parameters<typeof auditHashInput>[0] & { hash: string };

/** Where a walk along the chain stands: the last event checked (seq 0 = the genesis). */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export const GENESIS: ChainPoint = { seq: 0, hash: GENESIS_HASH };

export type LinkProblem = "seq_gap" | "prev_hash_mismatch" | "hash_mismatch";

/**
 * Checks stored events (in seq order) continuing the chain from `from`: each the next seq, linking
 * to the hash before it, with the hash its contents give. `onEvent` sees each intact event.
 */
export function checkLinks<P extends string = never>(
  rows: Iterable<StoredEvent>,
  from: ChainPoint,
  onEvent?: (point: ChainPoint) => P | null,
): { ok: true; at: ChainPoint } | { ok: false; at: ChainPoint; first_bad_seq: number; reason: LinkProblem | P } {
  let at = from;
  for (const row of rows) {
    const bad = (reason: LinkProblem) => ({ ok: false as const, at, first_bad_seq: at.seq + 1, reason });
    if (row.seq !== at.seq + 1) return bad("seq_gap");
    if (row.prevHash !== at.hash) return bad("prev_hash_mismatch");
    if (auditHash(at.hash, auditHashInput(row)) !== row.hash) return bad("hash_mismatch");
    const next = { seq: row.seq, hash: row.hash };
    const problem = onEvent?.(next);
    if (problem) return { ok: false, at, first_bad_seq: row.seq, reason: problem };
    at = next;
  }
  return { ok: true, at };
}
