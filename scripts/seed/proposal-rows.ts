// A proposal of the history, written as recordIntent (lib/domain/intents/record-intent.ts) writes
// one: the intent row, its execution token when allowed, the policy's decisions-log line, shadow
// hits, the review sample, the intent.proposed audit event and the domain event.
import { executionToken } from "../../lib/auth/secret-token";
import { executionTokenTtlMs } from "../../lib/domain/intents/issue-execution-token";
import { intentRow as buildIntentRow } from "../../lib/domain/intents/record-intent";
import { Prisma } from "../../lib/generated/prisma/client";
import type { PolicyDecision } from "../../lib/policy";
import type { TProposeIntent } from "../../lib/schemas/intents";
import { DAY, HOUR } from "./clock";
import type { HistoryContext, PlannedIntent } from "./history-context";
import { type Row, iso } from "./history-store";
import { pickReviewer } from "./reviewers";
import type { Scenario } from "./scenarios";

export interface Proposal {
  agentId: string;
  input: TProposeIntent;
  decision: PolicyDecision;
  snapshot: string;
  at: number;
  scenario: Scenario;
  merit: number;
  /** proposeIntent's hash of the body; null for lease requests (requestLease sends none). */
  requestHash: string | null;
  /** Lease requests execute nothing, so they get no token. */
  issueToken?: boolean;
}

export function recordProposal(ctx: HistoryContext, p: Proposal): PlannedIntent {
  const { store } = ctx;
  const { input, decision, at } = p;
  const row = intentRow(store.orgId, store.newId("int"), p);
  const id = row.id as string;
  store.intents.push(row);
  const intent: PlannedIntent = {
    id, row, createdAt: at, slaDeadline: row.sla_deadline ? Date.parse(row.sla_deadline as string) : null, agentId: p.agentId,
    action: input.action, environment: input.environment ?? null, payloadHash: row.payload_hash as string, decision, snapshot: p.snapshot,
    scenario: p.scenario, merit: p.merit, leaseRequest: p.issueToken === false, token: null,
  };
  if (row.executable_at) intent.token = issueToken(ctx, intent, at);
  store.decision(at, id, {
    kind: "policy",
    actor: { type: "policy", id: decision.ruleId },
    reason: decision.reason,
    policySnapshot: p.snapshot,
    data: { outcome: decision.outcome, rule_id: decision.ruleId, reason_code: decision.reasonCode },
  });
  recordShadowHits(ctx, intent);
  store.audit(at, {
    actor: { type: "agent", id: p.agentId },
    type: "intent.proposed",
    subject: { type: "intent", id },
    data: {
      action: input.action, stage: input.stage, payload_hash: intent.payloadHash, outcome: decision.outcome, rule_id: decision.ruleId,
      reason_code: decision.reasonCode, policy_snapshot: p.snapshot, status: row.status,
    },
  });
  const pending = decision.outcome === "require_approval";
  store.event(at, pending ? "intent.pending" : "intent.resolved", { id, status: row.status as string, action: input.action });
  if (row.sampled_rule_id) recordSample(ctx, intent, row.sampled_rule_id as string);
  return intent;
}

/** The intents row exactly as recordIntent builds it (its own intentRow), at the proposal's time, in column names. */
function intentRow(orgId: string, id: string, p: Proposal): Row {
  const auth = { kind: "agent" as const, orgId, agentId: p.agentId, agentName: "" };
  const built = buildIntentRow({ auth, input: p.input, decision: p.decision, policySnapshot: p.snapshot, requestHash: p.requestHash, issueToken: p.issueToken }, id, new Date(p.at));
  return columnsOf(built);
}

/** camelCase fields to snake_case columns, as json_to_recordset reads them: times as ISO text, amounts as numbers. */
function columnsOf(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    const column = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    out[column] = value instanceof Date ? value.toISOString() : value instanceof Prisma.Decimal ? value.toNumber() : value;
  }
  return out;
}

/** The single-use token row (issued at proposal when allowed, at the completing approval otherwise). */
export function issueToken(ctx: HistoryContext, intent: PlannedIntent, at: number): Row {
  const id = ctx.store.newId("ext");
  const token = {
    id,
    org_id: ctx.store.orgId,
    intent_id: intent.id,
    token_hash: executionToken(id).hash,
    payload_hash: intent.payloadHash,
    policy_snapshot: intent.snapshot,
    expires_at: iso(at + executionTokenTtlMs()),
    used_at: null,
    created_at: iso(at),
  };
  ctx.store.executionTokens.push(token);
  return token;
}

function recordShadowHits(ctx: HistoryContext, intent: PlannedIntent): void {
  for (const hit of intent.decision.shadow) {
    ctx.store.shadowHits.push({
      id: ctx.store.newId("shd"), org_id: ctx.store.orgId, intent_id: intent.id, rule_id: hit.ruleId, outcome: hit.outcome,
      reason_code: hit.reasonCode, error: hit.error === true, action: intent.action, environment: intent.environment,
      agent_id: intent.agentId, created_at: iso(intent.createdAt),
    });
  }
}

const WRONG_NOTES = ["Refund was for an order already credited", "Customer had two open tickets for the same charge", "Amount should have been partial"];

/** The review-after copy of a sampled allow; most are marked within a day or two, a few judged wrong. */
function recordSample(ctx: HistoryContext, intent: PlannedIntent, ruleId: string): void {
  const { store, r } = ctx;
  const id = store.newId("rev");
  const reviewedAt = Math.round(intent.createdAt + Math.max(HOUR, r.logNormal(1.2 * DAY, 0.5)));
  const reviewed = reviewedAt < ctx.end && r.chance(0.85);
  const verdict = reviewed ? (r.chance(0.08) ? "wrong" : "right") : null;
  const note = verdict === "wrong" ? r.pick(WRONG_NOTES) : null;
  const reviewer = reviewed ? pickReviewer(r, ctx.reviewers, reviewedAt, []).userId : null;
  store.reviews.push({
    id, org_id: store.orgId, intent_id: intent.id, rule_id: ruleId, verdict, note, reviewer_id: reviewer,
    reviewed_at: reviewed ? iso(reviewedAt) : null, created_at: iso(intent.createdAt),
  });
  if (reviewed) {
    store.audit(reviewedAt, { actor: { type: "user", id: reviewer }, type: "review.marked", subject: { type: "review", id }, data: { verdict, note } });
  }
}
