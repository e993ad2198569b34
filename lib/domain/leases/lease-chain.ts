import type { OrgTx } from "../../db/scoped";
import { utc } from "../../db/sql";
import type { Lease } from "../../generated/prisma/client";
import type { RequestContext } from "../request-context";
import { LEASE_ACTIONS } from "./lease-request-decision";
import type { LeaseScope } from "./lease-scope";

/**
 * Locks a lease and all its ancestors (root first, so concurrent proposals under one family always
 * lock in the same order) and returns them leaf first. Spend checks and the intent insert happen
 * under these locks, so concurrent intents cannot overspend a cap between check and write.
 */
export function lockLeaseChain(ctx: RequestContext, tx: OrgTx, leaseId: string): Promise<Lease[]> {
  return leaseChain(ctx, leaseId, true, tx);
}

/**
 * The lease and its ancestors, leaf first, without locking them: execute reads the chain after
 * locking the intent, and revoke locks leases before intents, so a lock here could deadlock.
 */
export function readLeaseChain(ctx: RequestContext, leaseId: string, tx?: OrgTx): Promise<Lease[]> {
  return leaseChain(ctx, leaseId, false, tx);
}

async function leaseChain(ctx: RequestContext, leaseId: string, lock: boolean, tx?: OrgTx): Promise<Lease[]> {
  const ids = await ctx.sql<{ id: string; depth: number }>((p) => `
    WITH RECURSIVE chain AS (
      SELECT id, parent_lease_id, depth FROM leases WHERE id = ${p.add(leaseId)} AND org_id = ${p.org}
      UNION ALL
      SELECT l.id, l.parent_lease_id, l.depth FROM leases l JOIN chain c ON l.id = c.parent_lease_id WHERE l.org_id = ${p.org}
    )
    SELECT id, depth FROM chain ORDER BY depth ASC`, tx);
  if (ids.length === 0) return [];
  // Lists travel as JSON (jsonb_array_elements_text), which runs the same on the pg pool and in a Prisma transaction.
  const locked = JSON.stringify(ids.map((r) => r.id));
  if (lock) await ctx.sql((p) => `SELECT id FROM leases WHERE id IN (SELECT jsonb_array_elements_text(${p.add(locked, "jsonb")})) AND org_id = ${p.org} ORDER BY depth ASC FOR UPDATE`, tx);
  const rows = await (tx ?? ctx.db).lease.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
  return rows.sort((a, b) => b.depth - a.depth);
}

/** Why a lease chain grants nothing right now (revoked, not yet approved, expired), or null while every link is active. */
export function chainRefusal(chain: Lease[], now: Date): { reasonCode: "lease_revoked" | "lease_not_active" | "lease_expired"; reason: string } | null {
  for (const lease of chain) {
    const self = lease === chain[0] ? "The lease" : `Parent lease ${lease.id}`;
    if (lease.status === "revoked") return { reasonCode: "lease_revoked", reason: `${self} was revoked` };
    if (lease.status === "pending_approval") return { reasonCode: "lease_not_active", reason: `${self} has not been approved yet` };
    if (lease.status === "expired" || (lease.expiresAt && lease.expiresAt <= now)) {
      return { reasonCode: "lease_expired", reason: `${self} expired at ${lease.expiresAt?.toISOString()}` };
    }
  }
  return null;
}

/**
 * Statuses whose amount counts against a cap: money that has moved or may still move. The lease's
 * own request and renewal intents carry the cap as their amount and are not spending.
 */
const [SPENDING, LEASE_ACTION_LIST] = [["pending_approval", "allowed", "approved", "executing", "succeeded"], [...LEASE_ACTIONS]].map((list) => JSON.stringify(list));

/**
 * Spend of a lease and every lease delegated from it, over its rolling window. Only positive
 * amounts count: a negative amount must not buy room under the cap.
 */
export async function spentInWindow(ctx: RequestContext, leaseId: string, since: Date, tx?: OrgTx): Promise<{ spent: number; intents: number }> {
  const rows = await ctx.sql<{ spent: string | null; intents: bigint | string }>((p) => `
    WITH RECURSIVE tree AS (
      SELECT id FROM leases WHERE id = ${p.add(leaseId)} AND org_id = ${p.org}
      UNION ALL
      SELECT l.id FROM leases l JOIN tree t ON l.parent_lease_id = t.id WHERE l.org_id = ${p.org}
    )
    SELECT SUM(GREATEST(amount, 0))::text AS spent, COUNT(*) AS intents FROM intents
    WHERE org_id = ${p.org} AND lease_id IN (SELECT id FROM tree) AND created_at > ${p.add(utc(since), "timestamp(3)")}
      AND status::text IN (SELECT jsonb_array_elements_text(${p.add(SPENDING, "jsonb")})) AND action NOT IN (SELECT jsonb_array_elements_text(${p.add(LEASE_ACTION_LIST, "jsonb")}))`, tx);
  return { spent: Number(rows[0]?.spent ?? 0), intents: Number(rows[0]?.intents ?? 0) };
}

export function scopeOf(lease: Lease): LeaseScope {
  return {
    capabilities: lease.capabilities,
    destinations: lease.destinations,
    spendLimit:
      lease.spendLimit !== null
        ? { amount: lease.spendLimit.toNumber(), currency: lease.spendCurrency ?? "USD", windowSeconds: lease.spendWindowSeconds ?? 86_400 }
        : null,
    ttlSeconds: lease.ttlSeconds,
  };
}

/** A scope as the lease row's columns. */
export function scopeColumns(scope: LeaseScope) {
  return {
    capabilities: scope.capabilities,
    destinations: scope.destinations,
    spendLimit: scope.spendLimit?.amount ?? null,
    spendCurrency: scope.spendLimit?.currency ?? null,
    spendWindowSeconds: scope.spendLimit?.windowSeconds ?? null,
    ttlSeconds: scope.ttlSeconds,
  };
}
