import type { Principal } from "../../auth/principal";
import { type OrgTx, orgDb } from "../../db/scoped";
import { notFound } from "../../errors";
import type { Lease } from "../../generated/prisma/client";
import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { type Page, pageOf } from "../pagination";
import { readLeaseChain, scopeOf, spentInWindow } from "./lease-chain";
import { type LeaseStrength, chainStrength, strengthOf } from "./lease-strength";
import { serializeLease } from "./serialize-lease";

/** Agents see their own leases; members see their org's. */
export const leaseVisibleTo = (auth: Principal) => (auth.kind === "agent" ? { agentId: auth.agentId } : {});

export async function findLease(auth: Principal, leaseId: string, tx?: OrgTx): Promise<Lease> {
  const lease = await (tx ?? orgDb(auth.orgId)).lease.findFirst({ where: { id: leaseId, ...leaseVisibleTo(auth) } });
  if (!lease) throw notFound("Lease");
  return lease;
}

/**
 * The approval strength a lease really waives gates with: a human grant's own; a delegated lease's
 * is the weakest link of its chain (chainStrength, as enforce-lease.ts judges it), so a parent
 * renewed weaker after the delegation shows weaker here too. The chain is read only for delegated leases.
 */
export async function effectiveStrength(db: Pick<OrgTx, "$queryRaw" | "lease">, orgId: string, lease: Lease): Promise<LeaseStrength> {
  if (lease.parentLeaseId === null) return strengthOf(lease);
  return chainStrength(await readLeaseChain(db, orgId, lease.id));
}

export async function leaseWithUsage(orgId: string, lease: Lease, tx?: OrgTx) {
  const db = tx ?? orgDb(orgId);
  const window = scopeOf(lease).spendLimit?.windowSeconds ?? lease.ttlSeconds;
  // One after the other: inside a transaction both run on its one connection.
  const usage = await spentInWindow(db, orgId, lease.id, new Date(Date.now() - window * 1000));
  const strength = await effectiveStrength(db, orgId, lease);
  return serializeLease(lease, usage, strength);
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
