import type { RequestContext } from "../request-context";
import { findLease, leaseWithUsage } from "./read-lease";

/**
 * What happened under a lease since it was granted, for the renewal ceremony: intents by status,
 * spend, denials with their reasons, the newest intents, and the leases delegated from it.
 */
export async function leaseActivity(ctx: RequestContext, leaseId: string) {
  const lease = await findLease(ctx, leaseId);
  const scoped = ctx.db;
  const since = lease.activatedAt ?? lease.createdAt;
  const where = { leaseId, createdAt: { gte: since }, action: { notIn: ["lease.create", "lease.renew"] } };
  const [byStatus, denials, recent, children, agent] = await Promise.all([
    scoped.intent.groupBy({ by: ["status"], where, _count: { _all: true }, _sum: { amount: true } }),
    scoped.intent.groupBy({ by: ["reasonCode"], where: { ...where, status: "denied" }, _count: { _all: true } }),
    scoped.intent.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 20, select: { id: true, action: true, status: true, amount: true, currency: true, reasonCode: true, createdAt: true, destination: true } }),
    scoped.lease.findMany({ where: { parentLeaseId: leaseId }, orderBy: { createdAt: "asc" } }),
    scoped.agent.findFirst({ where: { id: lease.agentId }, select: { name: true } }),
  ]);
  return {
    lease: await leaseWithUsage(ctx, lease),
    agentName: agent?.name ?? lease.agentId,
    approvedScope: lease.approvedScope as Record<string, unknown> | null,
    since: since.toISOString(),
    byStatus: byStatus.map((s) => ({ status: s.status, count: s._count._all, amount: s._sum.amount?.toNumber() ?? 0 })),
    denials: denials.map((d) => ({ reasonCode: d.reasonCode, count: d._count._all })),
    recent: recent.map((r) => ({ ...r, amount: r.amount?.toNumber() ?? null, createdAt: r.createdAt.toISOString() })),
    children: await Promise.all(children.map((c) => leaseWithUsage(ctx, c))),
  };
}
