import { type OrgTx, rowKey } from "../../db/scoped";
import { orgSql } from "../../db/sql";
import type { Prisma } from "../../generated/prisma/client";
import { parseDuration } from "../../time";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { EventType } from "../events/event-types";
import { recordEvent } from "../events/record-event";
import { applyScope } from "./apply-scope";
import { isLeaseRequest } from "./lease-request-decision";
import { type LeaseStrength, NO_STRENGTH, strengthColumns, strengthOf, weakest } from "./lease-strength";
import { scopeFromRequest } from "./scope-json";

type Outcome = "approved" | "rejected" | "expired" | "cancelled";
type RequestedScope = { capabilities: string[]; destinations: string[]; spend_limit: { amount: number; currency: string; window: string } | null; ttl: string };

/**
 * Carries a resolved lease request over to its lease, in the same transaction as the resolution:
 * an approved create activates the lease for its ttl; an approved renewal applies the requested
 * scope and restarts the clock; anything else leaves the lease as it was (a refused create is revoked).
 */
export async function applyLeaseResolution(
  tx: OrgTx,
  orgId: string,
  intent: { id: string; action: string; leaseId: string | null; payload: unknown },
  outcome: Outcome,
  actor: { type: string; id: string | null },
  /** The approvals that granted it (approved outcomes only): the lease waives no gate stronger than these. */
  approvedBy: LeaseStrength = NO_STRENGTH,
): Promise<void> {
  if (!isLeaseRequest(intent)) return;
  const leaseId = intent.leaseId as string;
  await lockRequestedLease(tx, orgId, intent);
  const lease = await tx.lease.findFirst({ where: { id: leaseId } });
  // Only the requests the lease routes recorded carry authority. An agent can propose an intent
  // named lease.create/lease.renew by hand (its payload is whatever the agent wrote); approving
  // that must not widen the lease, nor let a sub-lease outgrow its parent past renew's checks.
  if (!lease || (lease.requestIntentId !== intent.id && lease.renewalIntentId !== intent.id)) return;
  const now = new Date();

  if (lease.requestIntentId === intent.id) {
    if (lease.status !== "pending_approval") return;
    const data: Prisma.LeaseUpdateInput =
      outcome === "approved"
        ? {
            status: "active",
            activatedAt: now,
            expiresAt: new Date(now.getTime() + lease.ttlSeconds * 1000),
            approvedScope: intent.payload as Prisma.InputJsonObject,
            ...strengthColumns(approvedBy),
          }
        : { status: "revoked", revokedAt: now, revocationReason: `request ${outcome}` };
    await tx.lease.update({ where: rowKey(orgId, leaseId), data });
    await emit(tx, orgId, outcome === "approved" ? "lease.activated" : "lease.revoked", leaseId, lease.agentId, actor, { request_intent_id: intent.id, outcome });
    return;
  }

  // The lease's waiting renewal.
  await tx.lease.update({ where: rowKey(orgId, leaseId), data: { renewalIntentId: null } });
  if (outcome !== "approved" || (lease.status !== "active" && lease.status !== "expiring_soon")) {
    await emit(tx, orgId, "lease.renewal_refused", leaseId, lease.agentId, actor, { renewal_intent_id: intent.id, outcome });
    return;
  }
  const requested = (intent.payload as { requested: RequestedScope }).requested;
  const scope = scopeFromRequest(requested, parseDuration);
  await applyScope(tx, orgId, leaseId, scope, new Date(now.getTime() + scope.ttlSeconds * 1000));
  // The widened scope stands on the renewal's approval as much as on the original one: the weaker counts.
  await tx.lease.update({ where: rowKey(orgId, leaseId), data: strengthColumns(weakest(strengthOf(lease), approvedBy)) });
  await emit(tx, orgId, "lease.renewed", leaseId, lease.agentId, actor, { renewal_intent_id: intent.id, scope: requested });
}

/** Locks the lease a request is for; a resolution takes it before the audit head, as a revocation does, so the two cannot deadlock. */
export async function lockRequestedLease(tx: OrgTx, orgId: string, intent: { action: string; leaseId: string | null }): Promise<void> {
  if (isLeaseRequest(intent)) await orgSql(orgId)((p) => `SELECT id FROM leases WHERE id = ${p.add(intent.leaseId)} AND org_id = ${p.org} FOR UPDATE`, tx);
}

export async function emit(
  tx: OrgTx,
  orgId: string,
  type: EventType,
  leaseId: string,
  agentId: string,
  actor: { type: string; id: string | null },
  data: Record<string, unknown>,
): Promise<void> {
  await appendAuditEvent(tx, orgId, { actor, type, subject: { type: "lease", id: leaseId }, data });
  await recordEvent(tx, orgId, type, { id: leaseId, agent_id: agentId, ...data });
}
