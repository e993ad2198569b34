import type { RequestContext } from "../request-context";

/** Every action and agent the org's intents mention, with counts: the history page's filter options. */
export async function intentFacets(ctx: RequestContext) {
  const scoped = ctx.db;
  const [actions, agents] = await Promise.all([
    scoped.intent.groupBy({ by: ["action"], _count: { _all: true }, orderBy: { action: "asc" } }),
    scoped.intent.groupBy({ by: ["agentId"], _count: { _all: true } }),
  ]);
  const names = await scoped.agent.findMany({ where: { id: { in: agents.map((a) => a.agentId) } }, select: { id: true, name: true } });
  const nameOf = new Map(names.map((a) => [a.id, a.name]));
  // A deleted agent's name may be reused by a new one; the filter matches by name, so merge them.
  const byName = new Map<string, number>();
  for (const a of agents) {
    const name = nameOf.get(a.agentId) ?? a.agentId;
    byName.set(name, (byName.get(name) ?? 0) + a._count._all);
  }
  return {
    actions: actions.map((a) => ({ value: a.action, count: a._count._all })),
    agents: [...byName].map(([value, count]) => ({ value, count })).sort((a, b) => a.value.localeCompare(b.value)),
  };
}
