import type { OrgTx } from "../../db/scoped";
import { ROLE_RANK, type Role, roleAtLeast } from "../../roles";
import type { LeaseStrength } from "../leases/lease-strength";
import type { RequestContext } from "../request-context";

export interface GivenApproval {
  userId: string;
  decision: string;
  credentialId?: string | null;
}

export interface ApprovalGate {
  approverRole: Role;
  separateDuties: boolean;
}

/**
 * The members' current roles in the org, read FOR SHARE: a demotion or removal racing with the
 * approval that completes an item waits for it (or goes first and is seen), so "still eligible at
 * the final approval" holds in commit order.
 */
export async function currentRoles(ctx: RequestContext, tx: OrgTx, userIds: string[]): Promise<Map<string, Role>> {
  if (userIds.length === 0) return new Map();
  const rows = await ctx.sql<{ user_id: string; role: Role }>((p) => `
    SELECT user_id, role FROM memberships WHERE org_id = ${p.org} AND user_id IN (SELECT jsonb_array_elements_text(${p.add(JSON.stringify(userIds), "jsonb")})) ORDER BY user_id FOR SHARE`, tx);
  return new Map(rows.map((r) => [r.user_id, r.role]));
}

/**
 * The approvals that count toward an item right now (API.md, Approvals): one per person, only from
 * someone who is still a member with at least the item's (possibly escalated) approver role, and
 * never from the agent's owner where the rule separates duties.
 */
export function countingApprovals<A extends GivenApproval>(approvals: A[], roles: Map<string, Role>, gate: ApprovalGate, ownerId: string | null): A[] {
  const seen = new Set<string>();
  return approvals.filter((a) => {
    if (a.decision !== "approve" || seen.has(a.userId)) return false;
    const role = roles.get(a.userId);
    if (!role || !roleAtLeast(role, gate.approverRole)) return false;
    if (gate.separateDuties && ownerId !== null && a.userId === ownerId) return false;
    seen.add(a.userId);
    return true;
  });
}

/** What the approvals behind a lease amount to: how many, the lowest role among them, all stepped up. */
export function strengthOfApprovals(approvals: GivenApproval[], roles: Map<string, Role>): LeaseStrength {
  let role: Role | null = null;
  for (const a of approvals) {
    const r = roles.get(a.userId);
    if (r && (role === null || ROLE_RANK[r] < ROLE_RANK[role])) role = r;
  }
  return { count: approvals.length, role, stepUp: approvals.length > 0 && approvals.every((a) => Boolean(a.credentialId)) };
}

/**
 * For display (the queue, an intent's card): per intent id, how many of its approvals count right
 * now, by the same rules as the resolution that would complete it.
 */
export async function approvalsCountingNow(
  ctx: RequestContext,
  rows: { id: string; approverRole: Role; separateDuties: boolean; agent?: { ownerId?: string | null } | null; approvals?: GivenApproval[] }[],
): Promise<Map<string, number>> {
  const userIds = [...new Set(rows.flatMap((r) => (r.approvals ?? []).map((a) => a.userId)))];
  const members = userIds.length ? await ctx.db.membership.findMany({ where: { userId: { in: userIds } }, select: { userId: true, role: true } }) : [];
  const roles = new Map(members.map((m) => [m.userId, m.role as Role]));
  return new Map(rows.map((r) => [r.id, countingApprovals(r.approvals ?? [], roles, r, r.agent?.ownerId ?? null).length]));
}
