import type { Lease } from "../../generated/prisma/client";
import { iso } from "../../time";
import { scopeOf } from "./lease-chain";
import type { LeaseStrength } from "./lease-strength";

export interface LeaseUsage {
  spent: number;
  intents: number;
}

/** Seconds back to the way people write them: "24h" rather than "1d", "2d" rather than "48h". */
const duration = (seconds: number) =>
  seconds % 86_400 === 0 && seconds >= 2 * 86_400
    ? `${seconds / 86_400}d`
    : seconds % 3600 === 0
      ? `${seconds / 3600}h`
      : seconds % 60 === 0
        ? `${seconds / 60}m`
        : `${seconds}s`;

/**
 * The contract's lease, with its usage over the current spend window and the strength of the
 * approval behind it (for a delegated lease, its chain's weakest: read-lease.ts effectiveStrength).
 */
export function serializeLease(lease: Lease, usage: LeaseUsage, strength: LeaseStrength) {
  const limit = scopeOf(lease).spendLimit;
  return {
    id: lease.id,
    agent_id: lease.agentId,
    status: lease.status,
    capabilities: lease.capabilities,
    destinations: lease.destinations,
    spend_limit: limit ? { amount: limit.amount, currency: limit.currency, window: duration(limit.windowSeconds) } : null,
    spent: usage.spent,
    remaining: limit ? Math.max(limit.amount - usage.spent, 0) : null,
    intents_count: usage.intents,
    ttl: duration(lease.ttlSeconds),
    purpose: lease.purpose,
    parent_lease_id: lease.parentLeaseId,
    depth: lease.depth,
    approval: { count: strength.count, min_role: strength.role, step_up: strength.stepUp },
    request_intent_id: lease.requestIntentId,
    renewal_intent_id: lease.renewalIntentId,
    activated_at: iso(lease.activatedAt),
    expires_at: iso(lease.expiresAt),
    revoked_at: iso(lease.revokedAt),
    revocation_reason: lease.revocationReason,
    created_at: lease.createdAt.toISOString(),
  };
}

export { duration as formatDuration };
