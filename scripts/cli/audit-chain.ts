import type { AuditEvent } from "@tollgate/sdk";
import { canonicalJson, sha256Hex } from "../../lib/canonical-json";

/** The prev_hash of an organization's first event. */
export const GENESIS_HASH = "0".repeat(64);

export type ChainCheck = { ok: true; events: number } | { ok: false; first_bad_seq: number; events: number; problem: string };

/**
 * Re-verifies an audit chain from the events alone, as the contract defines it:
 * `hash = sha256(prev_hash + canonical JSON of the event without hash)`, each event linking to
 * the one before with seq 1, 2, 3, … and the first to the genesis. Stops at the first bad event.
 */
export async function checkChain(events: AsyncIterable<AuditEvent> | Iterable<AuditEvent>): Promise<ChainCheck> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for await (const event of events) {
    const { hash, ...hashed } = event;
    const bad = (problem: string): ChainCheck => ({ ok: false, first_bad_seq: expectedSeq, events: expectedSeq - 1, problem });
    if (event.seq !== expectedSeq) return bad(`expected seq ${expectedSeq}, found ${event.seq}`);
    if (event.prev_hash !== prevHash) return bad("prev_hash does not match the previous event's hash");
    if (sha256Hex(prevHash + canonicalJson(hashed)) !== hash) return bad("hash does not match the event's contents");
    prevHash = hash;
    expectedSeq += 1;
  }
  return { ok: true, events: expectedSeq - 1 };
}
