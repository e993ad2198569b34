import type { Lease } from "../../generated/prisma/client";
import { ROLE_RANK, type Role } from "../../roles";

/**
 * How strong the human approval behind a lease is: distinct approvers, the lowest role among them,
 * and whether every one stepped up with a passkey. A lease waives a gate only when this is at least
 * the gate (API.md, Leases), so one approver's lease cannot stand in for a two-person or admin rule.
 */
export interface LeaseStrength {
  count: number;
  role: Role | null;
  stepUp: boolean;
}

/** The gate a policy decision sets for a human approval. */
export interface Gate {
  approvalsRequired: number;
  approverRole: Role;
  stepUpRequired: boolean;
  separateDuties?: boolean;
  assignedOnly?: boolean;
}

export const NO_STRENGTH: LeaseStrength = { count: 0, role: null, stepUp: false };

export const strengthOf = (lease: Pick<Lease, "approvalCount" | "approvalRole" | "approvalStepUp">): LeaseStrength => ({
  count: lease.approvalCount,
  role: lease.approvalRole,
  stepUp: lease.approvalStepUp,
});

/** A strength as the lease row's columns (strengthOf read back). */
export const strengthColumns = (strength: LeaseStrength) => ({
  approvalCount: strength.count,
  approvalRole: strength.role,
  approvalStepUp: strength.stepUp,
});

/** The weaker of two strengths, part by part: a chain (or a renewed lease) is only as strong as its weakest approval. */
export function weakest(a: LeaseStrength, b: LeaseStrength): LeaseStrength {
  const role = a.role === null || b.role === null ? null : ROLE_RANK[a.role] <= ROLE_RANK[b.role] ? a.role : b.role;
  return { count: Math.min(a.count, b.count), role, stepUp: a.stepUp && b.stepUp };
}

/** A delegated lease carries its parent's approval, never more: the chain's strength is its weakest link. */
export const chainStrength = (chain: Lease[]): LeaseStrength =>
  chain.length === 0 ? NO_STRENGTH : chain.map(strengthOf).reduce(weakest);

/**
 * Whether the lease's approval covers the gate. A separate_duties or assigned_only gate is never
 * waived: the lease's approvers are not checked against the agent's owner or the rule's assignee,
 * so only the queue can honour those rules.
 */
export function covers(strength: LeaseStrength, gate: Gate): boolean {
  if (gate.separateDuties || gate.assignedOnly) return false;
  if (strength.role === null || strength.count < Math.max(1, gate.approvalsRequired)) return false;
  if (ROLE_RANK[strength.role] < ROLE_RANK[gate.approverRole]) return false;
  return !gate.stepUpRequired || strength.stepUp;
}

/** The gate in words, for the decision reason when a lease falls short of it. */
export function describeShortfall(strength: LeaseStrength, gate: Gate): string {
  if (gate.separateDuties) return "the rule separates duties, which only the queue can check";
  if (gate.assignedOnly) return "the rule lets only its assigned reviewer resolve, which only the queue can check";
  const held = strength.role ? `${strength.count} approval(s) of ${strength.role}+${strength.stepUp ? " with step-up" : ""}` : "no recorded approval";
  const needed = `${Math.max(1, gate.approvalsRequired)} of ${gate.approverRole}+${gate.stepUpRequired ? " with step-up" : ""}`;
  return `the lease's approval (${held}) is weaker than the rule's gate (${needed})`;
}
