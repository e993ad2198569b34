import { canonicalJson, sha256Hex } from "../../canonical-json";
import type { OrgTx } from "../../db/scoped";
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
 * Appends to the org's chain inside the caller's transaction: the head row is locked, so appends
 * are serial per organization and the event commits or rolls back with the change it records.
 */
export async function appendAuditEvent(tx: OrgTx, orgId: string, input: AuditInput): Promise<void> {
  const heads = await tx.$queryRaw<{ seq: number; hash: string }[]>`
    SELECT seq, hash FROM audit_heads WHERE org_id = ${orgId} FOR UPDATE`;
  const head = heads[0] ?? (await createHead(tx, orgId));
  const event = {
    seq: head.seq + 1,
    at: new Date(),
    actorType: input.actor.type,
    actorId: input.actor.id,
    type: input.type,
    subjectType: input.subject.type,
    subjectId: input.subject.id,
    data: JSON.parse(canonicalJson(input.data ?? {})) as Record<string, unknown>,
    prevHash: head.hash,
  };
  const hash = auditHash(head.hash, auditHashInput(event));
  // Raw SQL with the canonical text cast to jsonb: Prisma's own JSON writes can round a
  // 17-significant-digit float by one ulp (0.30000000000000004 is stored as 0.3), and the row
  // must hold exactly what was hashed, or verify would report an untampered chain as broken.
  await tx.$executeRaw`
    INSERT INTO audit_events (id, org_id, seq, at, actor_type, actor_id, type, subject_type, subject_id, data, prev_hash, hash)
    VALUES (${newId("aud")}, ${orgId}, ${event.seq}, ${event.at}, ${event.actorType}, ${event.actorId}, ${event.type},
            ${event.subjectType}, ${event.subjectId}, ${canonicalJson(event.data)}::jsonb, ${event.prevHash}, ${hash})`;
  await tx.auditHead.update({ where: { orgId }, data: { seq: event.seq, hash } });
}

async function createHead(tx: OrgTx, orgId: string) {
  await tx.$executeRaw`
    INSERT INTO audit_heads (org_id, seq, hash) VALUES (${orgId}, 0, ${GENESIS_HASH}) ON CONFLICT DO NOTHING`;
  const heads = await tx.$queryRaw<{ seq: number; hash: string }[]>`
    SELECT seq, hash FROM audit_heads WHERE org_id = ${orgId} FOR UPDATE`;
  return heads[0];
}
