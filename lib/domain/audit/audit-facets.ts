import { orgDb } from "../../db/scoped";

/** The event types the org's chain holds, with counts: the audit page's type filter. */
export async function auditFacets(orgId: string) {
  const types = await orgDb(orgId).auditEvent.groupBy({
    by: ["type"],
    _count: { _all: true },
    orderBy: { type: "asc" },
  });
  return { types: types.map((t) => ({ value: t.type, count: t._count._all })) };
}
