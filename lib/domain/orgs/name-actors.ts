import { db } from "../../db/client";
import type { RequestContext } from "../request-context";

/**
 * Display names for ids that the org's own rows mention (audit actors, policy authors): users by
 * email, agents by name. Users are global (no org_id); only ids read from this org's rows are
 * passed in, so nothing of another org can be looked up. Unknown ids are simply absent.
 */
export async function nameActors(ctx: RequestContext, ids: { users?: Iterable<string | null>; agents?: Iterable<string | null> }) {
  const userIds = [...new Set([...(ids.users ?? [])].filter((id): id is string => Boolean(id)))];
  const agentIds = [...new Set([...(ids.agents ?? [])].filter((id): id is string => Boolean(id)))];
  const [users, agents] = await Promise.all([
    userIds.length ? db().user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
    agentIds.length ? ctx.db.agent.findMany({ where: { id: { in: agentIds } }, select: { id: true, name: true } }) : [],
  ]);
  return new Map<string, string>([...users.map((u) => [u.id, u.email] as const), ...agents.map((a) => [a.id, a.name] as const)]);
}
