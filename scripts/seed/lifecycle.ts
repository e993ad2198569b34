// What happens to each intent after the policy decided it. Allowed ones are executed within
// seconds (a few never are, and their token lapses); approval requests wait for reviewers
// (reviewers.ts) — approved, rejected, timed out at their SLA, now and then withdrawn — and the
// approved ones are executed. Every time stays before ctx.end.
import { executionTokenTtlMs } from "../../lib/domain/intents/issue-execution-token";
import { MINUTE, SECOND } from "./clock";
import { recordExecution, recordResult, recordTokenExpiry } from "./execution-rows";
import type { HistoryContext, PlannedIntent } from "./history-context";
import { type HumanDecision, recordCancel, recordHumanDecision, recordTimeout } from "./resolution-rows";
import { pickReviewer, responseAt } from "./reviewers";

const CANCEL_SHARE = 0.025;
const UNUSED_TOKEN_SHARE = 0.03;
/** Of the rejected items that needed two people, the share the first reviewer already rejects. */
const FIRST_REVIEWER_REJECTS = 0.6;
const CANCEL_REASONS = ["Superseded by a newer proposal", "Customer withdrew the request", "Run aborted by an operator"];

export function playOut(ctx: HistoryContext, intent: PlannedIntent): void {
  if (intent.decision.outcome === "allow") execute(ctx, intent, intent.createdAt);
  else if (intent.decision.outcome === "require_approval") awaitReviewers(ctx, intent);
}

/** A moment in (from, ctx.end) when `at` would fall after the end: the last proposals get quick answers. */
function beforeEnd(ctx: HistoryContext, from: number, at: number): number {
  return Math.round(at < ctx.end ? at : from + (ctx.end - from) * ctx.r.between(0.2, 0.9));
}

function awaitReviewers(ctx: HistoryContext, intent: PlannedIntent): void {
  const { r } = ctx;
  const deadline = intent.slaDeadline!;
  // The sweeper runs every few seconds; a deadline after the end has not come yet.
  const timeoutAt = deadline + Math.round(r.between(1, 5) * SECOND);
  const timesOut = timeoutAt < ctx.end;
  if (r.chance(CANCEL_SHARE)) {
    const at = Math.round(intent.createdAt + r.logNormal(12 * MINUTE, 1));
    if (at < Math.min(deadline, ctx.end)) {
      recordCancel(ctx, intent, at, r.pick(CANCEL_REASONS));
      return;
    }
  }
  const approve = intent.merit < intent.scenario.approveShare;
  const decided: string[] = [];
  let at = intent.createdAt;
  for (;;) {
    const answer = responseAt(r, at);
    if (timesOut && answer > deadline) {
      recordTimeout(ctx, intent, timeoutAt);
      return;
    }
    at = beforeEnd(ctx, at, answer);
    const human = humanDecision(ctx, intent, at, decided, approve);
    if (recordHumanDecision(ctx, intent, human, decided.length)) {
      if (human.decision === "approve" && !intent.leaseRequest) execute(ctx, intent, at);
      return;
    }
    decided.push(human.userId);
  }
}

/** The next reviewer's answer: the verdict the item deserves, or with two needed, a first approval before a rejection. */
function humanDecision(ctx: HistoryContext, intent: PlannedIntent, at: number, decided: string[], approve: boolean): HumanDecision {
  const { r } = ctx;
  const { scenario } = intent;
  const last = decided.length + 1 >= intent.decision.approvalsRequired;
  const reject = !approve && (last || r.chance(FIRST_REVIEWER_REJECTS));
  const userId = pickReviewer(r, ctx.reviewers, at, decided).userId;
  const via = reject ? r.weighted([["dashboard", 0.85], ["api", 0.15]] as const) : r.weighted([["dashboard", 0.8], ["api", 0.12], ["batch", 0.08]] as const);
  if (reject) return { at, userId, decision: "reject", reason: r.pick(scenario.rejectReasons), note: null, via };
  const reason = scenario.approveReasons.length > 0 && r.chance(0.5) ? r.pick(scenario.approveReasons) : null;
  return { at, userId, decision: "approve", reason, note: null, via };
}

/** The agent spends its token within seconds and reports how it went; a few tokens lapse unused. */
function execute(ctx: HistoryContext, intent: PlannedIntent, issuedAt: number): void {
  const { r } = ctx;
  const ttl = executionTokenTtlMs();
  if (r.chance(UNUSED_TOKEN_SHARE)) {
    const sweptAt = issuedAt + ttl + Math.round(r.between(1, 5) * SECOND);
    if (sweptAt < ctx.end) {
      recordTokenExpiry(ctx, intent, sweptAt);
      return;
    }
  }
  const startAt = beforeEnd(ctx, issuedAt, issuedAt + Math.min(ttl - SECOND, Math.max(300, r.logNormal(3 * SECOND, 1))));
  recordExecution(ctx, intent, startAt);
  const { scenario } = intent;
  const doneAt = beforeEnd(ctx, startAt, startAt + Math.min(30 * MINUTE, Math.max(100, r.logNormal(scenario.runSeconds * SECOND, 0.6))));
  recordResult(ctx, intent, doneAt, r.chance(scenario.failShare) ? { error: r.pick(scenario.errors) } : { output: scenario.output(r) });
}
