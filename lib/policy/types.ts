// The policy engine's vocabulary. Constants live next to the types derived from them so the
// schema, the compiler and the API layer share one spelling.

export const ROLES = ["viewer", "approver", "publisher", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const OUTCOMES = ["allow", "deny", "require_approval"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const STAGES = ["create", "run", "resume", "renew", "publish"] as const;
export type Stage = (typeof STAGES)[number];

export const TIMEOUT_ACTIONS = ["deny", "escalate"] as const;
export type TimeoutAction = (typeof TIMEOUT_ACTIONS)[number];

export const OPS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "nin", "exists", "matches"] as const;
export type Op = (typeof OPS)[number];

/** Fields a `when` condition may name directly; `payload.<path>` and `context.<path>` also work. */
export const TOP_LEVEL_FIELDS = [
  "action",
  "agent",
  "stage",
  "environment",
  "destination",
  "amount",
  "currency",
  "risk_tags",
] as const;
export type TopLevelField = (typeof TOP_LEVEL_FIELDS)[number];

export const MATCH_KEYS = ["action", "environment", "agent", "stage", "risk_tags", "destination"] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];

/** Rank for "at least this role" comparisons: viewer < approver < publisher < admin. */
export const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 0, approver: 1, publisher: 2, admin: 3 };

/** What the engine knows about an intent when deciding. null and undefined both mean "absent". */
export type IntentFacts = {
  action: string;
  /** Agent name. */
  agent: string;
  agentId?: string;
  stage: Stage;
  environment?: string | null;
  destination?: string | null;
  amount?: number | null;
  currency?: string | null;
  riskTags: string[];
  payload?: unknown;
  context?: unknown;
};

export type PolicyDecision = {
  outcome: Outcome;
  /** The rule that decided, or null when the document default (or fail-closed) applied. */
  ruleId: string | null;
  reason: string;
  reasonCode: string;
  /** Distinct humans needed; 0 unless the outcome is require_approval. */
  approvalsRequired: number;
  approverRole: Role;
  stepUpRequired: boolean;
  /** The rule's `separate_duties`: the agent's owner may not approve. false unless require_approval. */
  separateDuties: boolean;
  /** The rule's `reviewers`: groups assignment rotates among; empty for everyone of approverRole. */
  reviewerGroups: readonly string[];
  /** The rule's `assigned_only`: only the assignee may resolve. false unless require_approval. */
  assignedOnly: boolean;
  slaSeconds: number | null;
  onTimeout: TimeoutAction;
  /** Shadow rules that matched before the deciding rule: what they would have decided. */
  shadow: readonly ShadowHit[];
  /** For an allow by a rule with `sample`, the share to copy to the review-after queue; else null. */
  sampleRate: number | null;
};

export type ShadowHit = { ruleId: string; outcome: Outcome; reasonCode: string; error?: true };

export type PolicyIssue = {
  /** Rule id, or "rules[3]" when the rule has no valid id; absent for document-level issues. */
  rule?: string;
  /** Path like "rules[3].when.all[0].op"; "" for the document as a whole. */
  field: string;
  message: string;
};
