// The history's lease: billing-bot asks for two weeks of refund authority (5,000 USD per 7 days)
// to work off an incident backlog, as requestLease would record it; an approver grants it
// (resolveApproval + applyLeaseResolution); the backlog refunds then run inside it, so their
// amounts count as the lease's spend. The lease is still active when the history ends.
import type { AgentPrincipal, UserPrincipal } from "../../lib/auth/principal";
import { hashCanonical } from "../../lib/canonical-json";
import { isExpiringSoon } from "../../lib/domain/leases/note-expiring-soon";
import { leaseRequestDecision } from "../../lib/domain/leases/lease-request-decision";
import { scopeFromRequest, scopeJson } from "../../lib/domain/leases/scope-json";
import { ZProposeIntent } from "../../lib/schemas/intents";
import { ZCreateLease } from "../../lib/schemas/leases";
import type { Role } from "../../lib/roles";
import { parseDuration } from "../../lib/time";
import type { AgentRef } from "./agents";
import { DAY, HOUR, MINUTE, isWeekend, startOfDay } from "./clock";
import type { HistoryContext, PlannedIntent } from "./history-context";
import { type Row, iso } from "./history-store";
import { propose } from "./propose";
import { recordProposal } from "./proposal-rows";
import { recordHumanDecision } from "./resolution-rows";
import { BACKLOG_REFUNDS } from "./scenarios";

const REQUEST = {
  capabilities: ["payment.refund"],
  destinations: ["api.stripe.com"],
  spend_limit: { amount: 5000, currency: "USD", window: "7d" },
  ttl: "14d",
  purpose: "Work off the refund backlog of billing incident #5120",
};
const BACKLOG_PER_WORKDAY = 9;
const SLOW_DOWN_AT = 0.8;

export function leaseStory(ctx: HistoryContext, agent: AgentRef, approver: UserPrincipal, at: number, lastProposal: number): Row {
  const { lease, requestIntent } = requestLease(ctx, agent, at);
  const activatedAt = at + 25 * MINUTE;
  grant(ctx, lease, requestIntent, approver, activatedAt);
  const expiresAt = new Date(Date.parse(lease.expires_at as string));
  if (isExpiringSoon({ expiresAt, ttlSeconds: lease.ttl_seconds as number }, new Date(ctx.end)) || expiresAt.getTime() <= ctx.end) {
    throw new Error("The demo lease would be ending before the history does; grant it later");
  }
  workOffBacklog(ctx, agent, lease, activatedAt, lastProposal);
  return lease;
}

function requestLease(ctx: HistoryContext, agent: AgentRef, at: number): { lease: Row; requestIntent: PlannedIntent } {
  const { store } = ctx;
  const input = ZCreateLease.parse(REQUEST);
  const scope = scopeFromRequest(input, parseDuration);
  const id = store.newId("lse");
  const payload = scopeJson(scope, input.purpose);
  const request = { action: "lease.create" as const, stage: "create" as const, amount: scope.spendLimit?.amount ?? null, currency: scope.spendLimit?.currency ?? null, payload };
  const policy = ctx.policyAt(at);
  const principal: AgentPrincipal = { kind: "agent", orgId: store.orgId, agentId: agent.id, agentName: agent.name };
  const decision = leaseRequestDecision(policy.compiled, principal, request);
  if (decision.outcome !== "require_approval") throw new Error(`The active policy ${decision.outcome}s lease requests; the history expects a human to grant them`);
  const requestIntent = recordProposal(ctx, {
    agentId: agent.id,
    input: ZProposeIntent.parse({
      ...request,
      risk_tags: ["lease"],
      lease_id: id,
      summary: {
        title: `Grant ${agent.name} a lease: ${scope.capabilities.join(", ")} for ${payload.ttl}`,
        next_effect: `${agent.name} may run these actions without asking again until the lease expires`,
      },
      rationale: input.purpose ?? null,
    }),
    decision, snapshot: policy.snapshot, at, scenario: BACKLOG_REFUNDS, merit: 0, requestHash: null, issueToken: false,
  });
  const lease: Row = {
    id, org_id: store.orgId, agent_id: agent.id, status: "pending_approval", capabilities: scope.capabilities, destinations: scope.destinations,
    spend_limit: scope.spendLimit?.amount ?? null, spend_currency: scope.spendLimit?.currency ?? null,
    spend_window_seconds: scope.spendLimit?.windowSeconds ?? null, ttl_seconds: scope.ttlSeconds, purpose: input.purpose ?? null,
    depth: 0, request_intent_id: requestIntent.id, request_hash: hashCanonical(input), created_at: iso(at),
    approval_count: 0, approval_role: null, approval_step_up: false,
  };
  store.leases.push(lease);
  store.audit(at, {
    actor: { type: "agent", id: agent.id },
    type: "lease.requested",
    subject: { type: "lease", id },
    data: { scope: payload, request_intent_id: requestIntent.id, outcome: decision.outcome },
  });
  return { lease, requestIntent };
}

/** The approval of the request activates the lease for its ttl, as strong as that one approval (lease-strength.ts). */
function grant(ctx: HistoryContext, lease: Row, requestIntent: PlannedIntent, approver: UserPrincipal, at: number): void {
  const approval = { at, userId: approver.userId, decision: "approve", reason: "Scope matches the incident runbook", note: null, via: "dashboard" } as const;
  recordHumanDecision(ctx, requestIntent, approval, 0);
  Object.assign(lease, {
    status: "active", activated_at: iso(at), expires_at: iso(at + (lease.ttl_seconds as number) * 1000), approved_scope: requestIntent.row.payload,
    approval_count: 1, approval_role: approver.role, approval_step_up: false,
  });
  const actor = { type: "user", id: approver.userId };
  const data = { request_intent_id: requestIntent.id, outcome: "approved" };
  ctx.store.audit(at, { actor, type: "lease.activated", subject: { type: "lease", id: lease.id as string }, data });
  ctx.store.event(at, "lease.activated", { id: lease.id as string, agent_id: lease.agent_id, ...data });
}

/**
 * Backlog refunds in weekday working hours. The agent slows down once most of the limit is
 * spent (it reads the lease's `remaining`), so nothing here is ever refused for spend.
 */
function workOffBacklog(ctx: HistoryContext, agent: AgentRef, lease: Row, from: number, to: number): void {
  const { r } = ctx;
  const limit = lease.spend_limit as number;
  let spent = 0;
  for (let day = startOfDay(from); day < to && spent < limit * SLOW_DOWN_AT; day += DAY) {
    if (isWeekend(day)) continue;
    const times = Array.from({ length: BACKLOG_PER_WORKDAY }, () => Math.round(day + (9 + r.next() * 8) * HOUR)).sort((a, b) => a - b);
    for (const at of times.filter((t) => t > from && t < to)) {
      if (spent >= limit * SLOW_DOWN_AT) break;
      spent += propose(ctx, agent, BACKLOG_REFUNDS, at, { id: lease.id as string, strength: { count: lease.approval_count as number, role: lease.approval_role as Role, stepUp: false } }).row.amount as number;
      if (spent > limit) throw new Error("The demo lease's backlog outgrew its spend limit");
    }
  }
}
