import type { PageParams, Role } from "./common.js";

export type LeaseStatus = "pending_approval" | "active" | "expiring_soon" | "expired" | "revoked";

export interface SpendLimit {
  amount: number;
  currency: string;
  /** A duration like "24h" (default) or "7d". */
  window?: string;
}

/** Body of POST /api/v1/leases. */
export interface CreateLeaseInput {
  /** Action globs, e.g. ["email.send", "crm.*"]. */
  capabilities: string[];
  destinations?: string[];
  spend_limit?: SpendLimit | null;
  /** A duration like "30m", "8h" or "7d". */
  ttl: string;
  purpose?: string;
}

export interface RenewLeaseInput {
  ttl: string;
  spend_limit?: SpendLimit | null;
  capabilities?: string[];
  destinations?: string[];
  reason?: string;
}

export interface DelegateLeaseInput extends CreateLeaseInput {
  /** The receiving agent's name or id. */
  agent: string;
}

/**
 * The strength of the human approval behind a lease (for a delegated lease, the weakest along its
 * chain). The lease waives a run-stage gate only when this is at least the gate; stronger gates queue.
 */
export interface LeaseApproval {
  /** Distinct approvers; 0 until granted. */
  count: number;
  /** The lowest role among them; null until granted. */
  min_role: Role | null;
  /** Whether every one of them stepped up with a passkey. */
  step_up: boolean;
}

export interface Lease {
  id: string;
  agent_id: string;
  status: LeaseStatus;
  capabilities: string[];
  destinations: string[];
  spend_limit: Required<SpendLimit> | null;
  spent: number;
  remaining: number | null;
  intents_count: number;
  ttl: string;
  purpose: string | null;
  parent_lease_id: string | null;
  depth: number;
  approval: LeaseApproval;
  request_intent_id: string | null;
  renewal_intent_id: string | null;
  activated_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
  revocation_reason: string | null;
  created_at: string;
}

/** A renew answer: the lease, and whether the change applied at once or waits for a human. */
export interface RenewedLease extends Lease {
  renewal: { applied: boolean; renewal_intent_id: string | null };
}

export interface ListLeasesParams extends PageParams {
  status?: LeaseStatus;
}
