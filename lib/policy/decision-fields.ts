import { parseDuration } from "./duration";
import type { PolicyRule } from "./schema";
import { type Outcome, type PolicyDecision, ROLE_RANK, type Role } from "./types";

// The decision a rule (or the default) produces, built once per snapshot in two variants:
// one for the publish stage and one for every other stage. decide() only picks and copies.

/** A decision as compiled; decide() adds what depends on the evaluation (shadow hits, sampling). */
export type DecisionTemplate = Omit<PolicyDecision, "shadow" | "sampleRate">;
export type DecisionPair = { readonly other: DecisionTemplate; readonly publish: DecisionTemplate };

const REASON_CODES: Record<Outcome, string> = {
  allow: "policy_allowed",
  deny: "policy_denied",
  require_approval: "approval_required",
};

const VERBS: Record<Outcome, string> = {
  allow: "allows this intent",
  deny: "denies this intent",
  require_approval: "requires approval",
};

export function ruleDecisions(rule: PolicyRule): DecisionPair {
  const outcome = rule.decision;
  return pair(
    {
      outcome,
      ruleId: rule.id,
      reason: rule.reason ?? `Rule "${rule.id}" ${VERBS[outcome]}`,
      reasonCode: outcome === "deny" ? (rule.reason_code ?? REASON_CODES.deny) : REASON_CODES[outcome],
      approvalsRequired: outcome === "require_approval" ? (rule.approvals ?? 1) : 0,
      approverRole: rule.approver_role ?? "approver",
      stepUpRequired: false,
      separateDuties: outcome === "require_approval" && rule.separate_duties === true,
      reviewerGroups: outcome === "require_approval" ? Object.freeze([...(rule.reviewers ?? [])]) : [],
      assignedOnly: outcome === "require_approval" && rule.assigned_only === true,
      slaSeconds: rule.sla === undefined ? null : parseDuration(rule.sla),
      onTimeout: rule.on_timeout ?? "deny",
    },
    rule.step_up === true,
  );
}

/** No rule matched. */
export function defaultDecisions(outcome: Outcome): DecisionPair {
  return pair(plain(outcome, null, "No rule matched; policy default applies"), false);
}

/**
 * A rule threw while being evaluated. It never allows and we do not fall through to a lower
 * rule that might: approval is required. If the broken rule itself demanded approval we keep
 * its requirements (approvals, role, step-up, separate duties, SLA) so an error cannot weaken them.
 */
export function errorDecisions(rule: PolicyRule): DecisionPair {
  const reason = `Rule "${rule.id}" could not be evaluated (evaluation error); approval is required`;
  if (rule.decision !== "require_approval") return pair(plain("require_approval", rule.id, reason), false);
  const { other, publish } = ruleDecisions(rule);
  return { other: Object.freeze({ ...other, reason }), publish: Object.freeze({ ...publish, reason }) };
}

/** No valid policy is active. */
export const FAIL_CLOSED: DecisionPair = pair(
  plain("require_approval", null, "No valid policy is active; failing closed"),
  false,
);

function plain(outcome: Outcome, ruleId: string | null, reason: string): DecisionTemplate {
  return {
    outcome,
    ruleId,
    reason,
    reasonCode: REASON_CODES[outcome],
    approvalsRequired: outcome === "require_approval" ? 1 : 0,
    approverRole: "approver",
    stepUpRequired: false,
    separateDuties: false,
    reviewerGroups: [],
    assignedOnly: false,
    slaSeconds: null,
    onTimeout: "deny",
  };
}

// Every approval at the publish stage needs passkey step-up, whatever the rule says: publishing
// is the irreversible step, and a rule written for other stages (`step_up: false`, or a stage
// list that happens to include publish) must not quietly waive it. Step-up approvals can only
// be resolved by publishers and admins, so the role is raised to at least publisher.
function pair(base: DecisionTemplate, stepUpFromRule: boolean): DecisionPair {
  const needsApproval = base.outcome === "require_approval";
  return {
    other: Object.freeze(withStepUp(base, needsApproval && stepUpFromRule)),
    publish: Object.freeze(withStepUp(base, needsApproval)),
  };
}

function withStepUp(base: DecisionTemplate, stepUp: boolean): DecisionTemplate {
  if (!stepUp) return { ...base, stepUpRequired: false };
  return { ...base, stepUpRequired: true, approverRole: atLeast(base.approverRole, "publisher") };
}

function atLeast(role: Role, minimum: Role): Role {
  return ROLE_RANK[role] >= ROLE_RANK[minimum] ? role : minimum;
}
