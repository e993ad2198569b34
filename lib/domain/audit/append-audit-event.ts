import { canonicalJson, sha256Hex } from "../../canonical-json";
import type { OrgTx } from "../../db/scoped";
import { OrgParams, type SqlParams, fromGate, insertCte, orgSql, utc } from "../../db/sql";
import { newId } from "../../ids";

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
 * The canonical text of an event's hashed form, split around the two values only the org's head
 * knows (prev_hash and seq), so PostgreSQL can finish the hash while it holds the head row:
 * prefix + prev_hash + middle + seq + suffix === canonicalJson(auditHashInput(event)). The keys
 * sort as actor, at, data, prev_hash, seq, subject, type.
 */
export function auditHashParts(event: Omit<Parameters<typeof auditHashInput>[0], "seq" | "prevHash">) {
  const hashed = auditHashInput({ ...event, seq: 0, prevHash: "" });
  return {
    prefix: `{"actor":${canonicalJson(hashed.actor)},"at":${canonicalJson(hashed.at)},"data":${canonicalJson(hashed.data)},"prev_hash":"`,
    middle: `","seq":`,
    suffix: `,"subject":${canonicalJson(hashed.subject)},"type":${canonicalJson(hashed.type)}}`,
  };
}

/**
 * CTEs that append to the org's chain in one statement: the head row is taken (created at the
 * first event) and advanced while PostgreSQL computes the new hash from the previous one, so
 * appends are serial per organization and the event commits or rolls back with the statement or
 * transaction around it. With `gate`, nothing is appended unless that CTE yields its row.
 * Defines `audit_head` and `audit_event` (which returns seq).
 */
export function auditAppendCtes(p: SqlParams, orgId: string, input: AuditInput, at: Date, gate: string | null): string {
  const data = JSON.parse(canonicalJson(input.data ?? {})) as unknown;
  const parts = auditHashParts({
    at, actorType: input.actor.type, actorId: input.actor.id, type: input.type,
    subjectType: input.subject.type, subjectId: input.subject.id, data,
  });
  const [prefix, middle, suffix] = [p.add(parts.prefix), p.add(parts.middle), p.add(parts.suffix)];
  const hashAfter = (prev: string, seq: string) =>
    `encode(sha256(convert_to(${prev} || ${prefix} || ${prev} || ${middle} || (${seq})::text || ${suffix}, 'UTF8')), 'hex')`;
  const org = p instanceof OrgParams ? p.org : p.add(orgId);
  const genesis = p.add(GENESIS_HASH);
  return `audit_head AS (
    INSERT INTO audit_heads (org_id, seq, prev_hash, hash)
    SELECT ${org}, 1, ${genesis}, ${hashAfter(genesis, "1")}${fromGate(gate)}
    ON CONFLICT (org_id) DO UPDATE SET
      seq = audit_heads.seq + 1, prev_hash = audit_heads.hash, hash = ${hashAfter("audit_heads.hash", "audit_heads.seq + 1")}
    RETURNING seq, prev_hash, hash
  ), ${insertCte("audit_event", "audit_events", {
    id: p.add(newId("aud")),
    org_id: org,
    seq: "seq",
    at: p.add(utc(at), "timestamp(3)"),
    actor_type: p.add(input.actor.type),
    actor_id: p.add(input.actor.id),
    type: p.add(input.type),
    subject_type: p.add(input.subject.type),
    subject_id: p.add(input.subject.id),
    data: p.add(canonicalJson(data), "jsonb"),
    prev_hash: "prev_hash",
    hash: "hash",
  }, "audit_head", "seq")}`;
}

/**
 * Appends one event to the org's chain inside the caller's transaction (one statement).
 * The row holds exactly the canonical text that was hashed (cast to jsonb), never the ORM's
 * rendering of it: Prisma can round a 17-significant-digit float by one ulp, and verify would
 * then report an untampered chain as broken.
 */
export async function appendAuditEvent(tx: OrgTx, orgId: string, input: AuditInput): Promise<void> {
  await orgSql(orgId)((p) => `WITH ${auditAppendCtes(p, orgId, input, new Date(), null)} SELECT seq FROM audit_event`, tx);
}
