import { type Page, intCursor, pageOf } from "../pagination";
import type { RequestContext } from "../request-context";
import { auditHashInput } from "./append-audit-event";
import { chainPendingAuditEvents } from "./chain-audit-events";

/** The contract's event: exactly what was hashed, plus the hash. */
export function serializeAuditEvent(e: Parameters<typeof auditHashInput>[0] & { hash: string }) {
  return { ...auditHashInput(e), hash: e.hash };
}

export interface AuditFilters {
  type?: string;
  /** Actor id (a user or agent id). */
  actor?: string;
  /** Subject id. */
  subject?: string;
}

/** The where clause shared by the list and the export. */
export function auditWhere(filters: AuditFilters) {
  return {
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.actor ? { actorId: filters.actor } : {}),
    ...(filters.subject ? { subjectId: filters.subject } : {}),
  };
}

/**
 * GET /audit: the org's append-only chain, pending events chained first; the cursor is the last
 * seq seen. The API reads in sequence order ("asc", the default); the dashboard reads newest first ("desc").
 */
export async function listAuditEvents(ctx: RequestContext, filters: AuditFilters, { order = "asc", ...page }: Page & { order?: "asc" | "desc" }) {
  const cursor = intCursor(page.cursor);
  await chainPendingAuditEvents(ctx);
  const seq = order === "asc" ? { gt: cursor ?? 0 } : cursor !== undefined ? { lt: cursor } : undefined;
  const rows = await ctx.db.auditEvent.findMany({
    where: { ...(seq ? { seq } : {}), ...auditWhere(filters) },
    orderBy: { seq: order },
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit, (e) => String(e.seq), serializeAuditEvent);
}
