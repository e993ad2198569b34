// The org's audit chain rebuilt in time order: the setup's events (already in the table, moved
// back in time by backdate-setup.ts) and the history's, hashed with the server's own helpers
// (auditHashInput, auditHash) exactly as the sequencer and GET /audit/verify compute them.
import type pg from "pg";
import type { AuditInput } from "../../lib/domain/audit/append-audit-event";
import { GENESIS_HASH, auditHash, auditHashInput } from "../../lib/domain/audit/append-audit-event";
import { insertRows, updateRows } from "./bulk-insert";
import { type Row, type Timed, byTime, iso } from "./history-store";
import { AUDIT_EVENTS, AUDIT_RELINK } from "./history-tables";

/** An event of the chain; `existingId` when the row is already stored (it is relinked, not inserted). */
export type ChainEntry = Timed<AuditInput> & { existingId?: string };

interface LinkedEvent {
  row: Row;
  existing: boolean;
}

/** Seq and hashes for every entry, oldest first, from the genesis hash. */
function linkChain(orgId: string, entries: readonly ChainEntry[], newId: (prefix: string) => string): LinkedEvent[] {
  let prevHash = GENESIS_HASH;
  return [...entries].sort(byTime).map((entry, i) => {
    const { actor, type, subject, data = {} } = entry.value;
    const event = {
      seq: i + 1, at: new Date(entry.at), actorType: actor.type, actorId: actor.id, type,
      subjectType: subject.type, subjectId: subject.id, data, prevHash,
    };
    const hash = auditHash(prevHash, auditHashInput(event));
    const row = {
      id: entry.existingId ?? newId("aud"), org_id: orgId, seq: event.seq, at: iso(entry.at), actor_type: actor.type, actor_id: actor.id,
      type, subject_type: subject.type, subject_id: subject.id, data, prev_hash: prevHash, hash,
    };
    prevHash = hash;
    return { row, existing: entry.existingId !== undefined };
  });
}

/** Writes the whole chain and moves the org's head to its end (the caller holds the head row locked). */
export async function writeAuditChain(client: pg.PoolClient, orgId: string, entries: readonly ChainEntry[], newId: (prefix: string) => string): Promise<number> {
  const linked = linkChain(orgId, entries, newId);
  // Stored events move out of the way first: seq is unique per org, checked row by row.
  await client.query("UPDATE audit_events SET seq = -seq WHERE org_id = $1", [orgId]);
  await updateRows(client, AUDIT_RELINK, orgId, linked.filter((e) => e.existing).map((e) => e.row));
  await insertRows(client, AUDIT_EVENTS, linked.filter((e) => !e.existing).map((e) => e.row));
  const last = linked[linked.length - 1].row;
  await client.query("UPDATE audit_heads SET seq = $2, hash = $3 WHERE org_id = $1", [orgId, last.seq, last.hash]);
  return linked.length;
}
