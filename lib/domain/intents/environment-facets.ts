import type { RequestContext } from "../request-context";

/** Every environment the org's intents name, with counts: the metrics page's filter options. */
export async function environmentFacets(ctx: RequestContext): Promise<{ value: string; count: number }[]> {
  const rows = await ctx.db.intent.groupBy({
    by: ["environment"],
    where: { environment: { not: null } },
    _count: { _all: true },
    orderBy: { environment: "asc" },
  });
  return rows.flatMap((r) => (r.environment ? [{ value: r.environment, count: r._count._all }] : []));
}
