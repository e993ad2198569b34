import type { OrgTx } from "../../db/scoped";
import { notFound } from "../../errors";
import type { Lease } from "../../generated/prisma/client";
import { visibleTo } from "../intents/find-intent";
import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { type Page, pageOf } from "../pagination";
import type { RequestContext } from "../request-context";
import { readLeaseChain, scopeOf, spentInWindow } from "./lease-chain";
import { type LeaseStrength, chainStrength, strengthOf } from "./lease-strength";
import { serializeLease } from "./serialize-lease";

export async function findLease(ctx: RequestContext, leaseId: string, tx?: OrgTx): Promise<Lease> {
  const lease = await (tx ?? ctx.db).lease.findFirst({ where: { id: leaseId, ...visibleTo(ctx.principal) } });
  if (!lease) throw notFound("Lease");
  return lease;
}

/**
 * The approval strength a lease really waives gates with: a human grant's own; a delegated lease's
 * is the weakest link of its chain (chainStrength, as enforce-lease.ts judges it), so a parent
 * renewed weaker after the delegation shows weaker here too. The chain is read only for delegated leases.
 */
export async function effectiveStrength(ctx: RequestContext, lease: Lease, tx?: OrgTx): Promise<LeaseStrength> {
  if (lease.parentLeaseId === null) return strengthOf(lease);
  return chainStrength(await readLeaseChain(ctx, lease.id, tx));
}

export async function leaseWithUsage(ctx: RequestContext, lease: Lease, tx?: OrgTx) {
  const window = scopeOf(lease).spendLimit?.windowSeconds ?? lease.ttlSeconds;
  // One after the other: inside a transaction both run on its one connection.
  const usage = await spentInWindow(ctx, lease.id, new Date(Date.now() - window * 1000), tx);
  const strength = await effectiveStrength(ctx, lease, tx);
  return serializeLease(lease, usage, strength);
}

/** GET /leases/{id} */
export async function getLease(ctx: RequestContext, leaseId: string) {
  return leaseWithUsage(ctx, await findLease(ctx, leaseId));
}

/** GET /leases: newest first, keyset-paginated on (created_at, id). */
export async function listLeases(ctx: RequestContext, filters: { status?: Lease["status"] }, page: Page) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db.lease.findMany({
    where: {
      ...visibleTo(ctx.principal),
      ...(filters.status ? { status: filters.status } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });
  const { items, next_cursor } = pageOf(rows, page.limit, encodeCursor, (lease) => lease);
  return { items: await Promise.all(items.map((lease) => leaseWithUsage(ctx, lease))), next_cursor };
}
