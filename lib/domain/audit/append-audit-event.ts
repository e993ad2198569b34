import { canonicalJson, sha256Hex } from "../../canonical-json";
import type { OrgTx } from "../../db/scoped";
import { OrgParams, type SqlParams, insertCte, orgSql, utc } from "../../db/sql";
import { newId } from "../../ids";
import { wakeAuditChainer } from "./wake-audit-chainer";

export const GENESIS_HASH = "0".repeat(64);

export interface AuditInput {
  actor: { type: string; id: string | null };
  type: string;
  subject: { type: string; id: string };
  data?: Record<string, unknown>;
}

/** The hashed form of an event: everything the contract shows except `hash` itself. */
export function auditHashInput(event: {
  seq: number; at: Date; actorType: string; actorId: string | null; type: string;
  subjectType: string; subjectId: string; data: unknown; prevHash: string;
}) {
  return {
    seq: event.seq,
    at: event.at.toISOString(),
    actor: { type: event.actorType, id: event.actorId },
    type: event.type,
    subject: { type: event.subjectType, id: event.subjectId },
    data: event.data,
    prev_hash: event.prevHash,
  };
}

export function auditHash(prevHash: string, hashed: ReturnType<typeof auditHashInput>): string {
  return sha256Hex(prevHash + canonicalJson(hashed));
}

/**
 * A CTE (`audit_event`, returning pos) that appends an event to the org's queue of events to
 * chain: it commits or rolls back with the statement or transaction around it, and takes no lock
 * that another append waits for. The sequencer (chain-audit-events.ts) gives it seq and hashes
 * later. With `gate`, nothing is appended unless that CTE yields its row.
 */
export function auditAppendCtes(p: SqlParams, orgId: string, input: AuditInput, at: Date, gate: string | null): string {
  return insertCte("audit_event", "audit_pending", {
    org_id: p instanceof OrgParams ? p.org : p.add(orgId),
    id: p.add(newId("aud")),
    at: p.add(utc(at), "timestamp(3)"),
    actor_type: p.add(input.actor.type),
    actor_id: p.add(input.actor.id),
    type: p.add(input.type),
    subject_type: p.add(input.subject.type),
    subject_id: p.add(input.subject.id),
    data: p.add(canonicalJson(input.data ?? {}), "jsonb"),
  }, gate, "pos");
}

/**
 * Appends one event inside the caller's transaction (one statement). The row holds the canonical
 * text cast to jsonb, never the ORM's rendering of it (Prisma can round a 17-significant-digit
 * float by one ulp); the sequencer hashes it as read back, exactly as verify does. The local
 * chainer is woken too: changes that raise no domain event send no NOTIFY.
 */
export async function appendAuditEvent(tx: OrgTx, orgId: string, input: AuditInput): Promise<void> {
  await orgSql(orgId)((p) => `WITH ${auditAppendCtes(p, orgId, input, new Date(), null)} SELECT pos FROM audit_event`, tx);
  wakeAuditChainer(orgId);
}
