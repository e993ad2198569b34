import { orgDb } from "../../db/scoped";
import { type Page, intCursor, pageOf } from "../pagination";
import { auditHashInput } from "./append-audit-event";

/** The contract's event: exactly what was hashed, plus the hash. */
export function serializeAuditEvent(e: Parameters<typeof auditHashInput>[0] & { hash: string }) {
  return { ...auditHashInput(e), hash: e.hash };
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
