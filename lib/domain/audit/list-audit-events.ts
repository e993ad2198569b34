import { orgDb } from "../../db/scoped";
import { type Page, intCursor, pageOf } from "../pagination";

export function serializeAuditEvent(e: {
  seq: number; at: Date; actorType: string; actorId: string | null; type: string;
  subjectType: string; subjectId: string; data: unknown; prevHash: string; hash: string;
}) {
  return {
    seq: e.seq,
    at: e.at.toISOString(),
    actor: { type: e.actorType, id: e.actorId },
    type: e.type,
    subject: { type: e.subjectType, id: e.subjectId },
    data: e.data,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

/** GET /audit: the org's append-only chain in sequence order; the cursor is the last seq seen. */
export async function listAuditEvents(orgId: string, filters: { type?: string }, page: Page) {
  const after = intCursor(page.cursor) ?? 0;
  const rows = await orgDb(orgId).auditEvent.findMany({
    where: { seq: { gt: after }, ...(filters.type ? { type: filters.type } : {}) },
    orderBy: { seq: "asc" },
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit, (e) => String(e.seq), serializeAuditEvent);
}
