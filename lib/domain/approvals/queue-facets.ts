import type { RequestContext } from "../request-context";

/** Pending-item counts by action, agent, environment and risk tag: the queue's filter options. */
export async function queueFacets(ctx: RequestContext) {
  const scoped = ctx.db;
  const pending = { status: "pending_approval" as const };
  const [total, actions, environments, agents, tags] = await Promise.all([
    scoped.intent.count({ where: pending }),
    scoped.intent.groupBy({ by: ["action"], where: pending, _count: { _all: true }, orderBy: { action: "asc" } }),
    scoped.intent.groupBy({ by: ["environment"], where: pending, _count: { _all: true }, orderBy: { environment: "asc" } }),
    scoped.intent.groupBy({ by: ["agentId"], where: pending, _count: { _all: true } }),
    ctx.sql<{ tag: string; count: bigint }>((p) => `
      SELECT tag, count(*) AS count FROM intents, unnest(risk_tags) AS tag
      WHERE org_id = ${p.org} AND status = 'pending_approval' GROUP BY tag ORDER BY tag`),
  ]);
  const agentNames = await scoped.agent.findMany({ where: { id: { in: agents.map((a) => a.agentId) } }, select: { id: true, name: true } });
  const nameOf = new Map(agentNames.map((a) => [a.id, a.name]));
  return {
    total,
    actions: actions.map((a) => ({ value: a.action, count: a._count._all })),
    environments: environments.filter((e) => e.environment).map((e) => ({ value: e.environment as string, count: e._count._all })),
    agents: agents.map((a) => ({ value: nameOf.get(a.agentId) ?? a.agentId, count: a._count._all })),
    riskTags: tags.map((t) => ({ value: t.tag, count: Number(t.count) })),
  };
}
