import type { RequestContext } from "../request-context";
import { chainPendingAuditEvents } from "./chain-audit-events";

/** The event types the org's chain holds, with counts: the audit page's type filter. */
export async function auditFacets(ctx: RequestContext) {
  await chainPendingAuditEvents(ctx);
  const types = await ctx.db.auditEvent.groupBy({
    by: ["type"],
    _count: { _all: true },
    orderBy: { type: "asc" },
  });
  return { types: types.map((t) => ({ value: t.type, count: t._count._all })) };
}
