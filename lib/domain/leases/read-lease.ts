import type { Principal } from "../../auth/principal";
import { type OrgTx, orgDb } from "../../db/scoped";
import { notFound } from "../../errors";
import type { Lease } from "../../generated/prisma/client";
import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { type Page, pageOf } from "../pagination";
import { scopeOf, spentInWindow } from "./lease-chain";
import { serializeLease } from "./serialize-lease";

/** Agents see their own leases; members see their org's. */
export const leaseVisibleTo = (auth: Principal) => (auth.kind === "agent" ? { agentId: auth.agentId } : {});

export async function findLease(auth: Principal, leaseId: string, tx?: OrgTx): Promise<Lease> {
  const lease = await (tx ?? orgDb(auth.orgId)).lease.findFirst({ where: { id: leaseId, ...leaseVisibleTo(auth) } });
  if (!lease) throw notFound("Lease");
  return lease;
}

export async function leaseWithUsage(orgId: string, lease: Lease, tx?: OrgTx) {
  const window = scopeOf(lease).spendLimit?.windowSeconds ?? lease.ttlSeconds;
  const usage = await spentInWindow(tx ?? orgDb(orgId), orgId, lease.id, new Date(Date.now() - window * 1000));
  return serializeLease(lease, usage);
}

/** GET /leases/{id} */
export async function getLease(auth: Principal, leaseId: string) {
  return leaseWithUsage(auth.orgId, await findLease(auth, leaseId));
}

/** GET /leases: newest first, keyset-paginated on (created_at, id). */
export async function listLeases(auth: Principal, filters: { status?: Lease["status"] }, page: Page) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await orgDb(auth.orgId).lease.findMany({
    where: {
      ...leaseVisibleTo(auth),
      ...(filters.status ? { status: filters.status } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
  });
  const { items, next_cursor } = pageOf(rows, page.limit, encodeCursor, (lease) => lease);
  return { items: await Promise.all(items.map((lease) => leaseWithUsage(auth.orgId, lease))), next_cursor };
}
