import type { DecisionCounts } from "./count-decisions";
import type { RequestCounts } from "./count-approval-requests";
import { type ReviewCounts, ruleKey } from "./count-reviews";

export type RuleAdvice = "auto_allow_candidate" | "tighten_candidate";

export interface RuleRate {
  rule_id: string;
  decision: "allow" | "require_approval";
  volume: number;
  /** approved / (approved + rejected) of its human-resolved intents; null when none. */
  approval_rate: number | null;
  /** (overrides + reviews marked wrong) / (human resolutions + reviews); null when neither. */
  override_rate: number | null;
  advice: RuleAdvice | null;
}

/** Advice thresholds (API.md, "Metrics and audit"). */
const AUTO_ALLOW = { minVolume: 20, minApprovalRate: 0.95, maxOverrideRate: 0.05 };
const TIGHTEN = { minVolume: 10, minRejectionRate: 0.3, minWrongRate: 0.05 };
const NO_REVIEWS: ReviewCounts = { sampled: 0, reviewed: 0, wrong: 0 };

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * Per rule that required approval, and per allow rule the random audit sampled: how often humans
 * approved and overrode it, and whether it looks safe to auto-allow or in need of tightening.
 * The policy's default decision (no rule id) is left out: there is no rule to change. Busiest first.
 */
export function adviseRules(
  requests: Map<string, RequestCounts>,
  allowedByRule: DecisionCounts["allowedByRule"],
  reviews: Map<string, ReviewCounts>,
): RuleRate[] {
  const rules: RuleRate[] = [];
  for (const [ruleId, r] of requests) {
    const audit = reviews.get(ruleKey("require_approval", ruleId)) ?? NO_REVIEWS;
    const resolutions = r.approved + r.rejected;
    const approvalRate = share(r.approved, resolutions);
    const overrideRate = share(r.overrides + audit.wrong, resolutions + audit.reviewed);
    const auto =
      r.requests >= AUTO_ALLOW.minVolume &&
      approvalRate !== null && approvalRate >= AUTO_ALLOW.minApprovalRate &&
      overrideRate !== null && overrideRate <= AUTO_ALLOW.maxOverrideRate;
    const rejectionRate = share(r.rejected, resolutions);
    const tighten = r.requests >= TIGHTEN.minVolume && rejectionRate !== null && rejectionRate >= TIGHTEN.minRejectionRate;
    rules.push({
      rule_id: ruleId,
      decision: "require_approval",
      volume: r.requests,
      approval_rate: approvalRate,
      override_rate: overrideRate,
      advice: auto ? "auto_allow_candidate" : tighten ? "tighten_candidate" : null,
    });
  }
  for (const [ruleId, volume] of allowedByRule) {
    const audit = reviews.get(ruleKey("allow", ruleId));
    if (!audit || audit.sampled === 0) continue;
    const wrongRate = share(audit.wrong, audit.reviewed);
    rules.push({
      rule_id: ruleId,
      decision: "allow",
      volume,
      approval_rate: null,
      override_rate: wrongRate,
      advice: wrongRate !== null && wrongRate >= TIGHTEN.minWrongRate ? "tighten_candidate" : null,
    });
  }
  return rules.sort((a, b) => b.volume - a.volume || compare(a.rule_id, b.rule_id) || compare(a.decision, b.decision));
}

/** Byte order, as PostgreSQL's C collation sorts. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
