import type { PageParams } from "./common.js";
import type { Decision, DecisionLogEntry, ExecuteIntent, Intent, IntentApproval, ProposeIntent, ReportResult } from "./contract.js";

export type { Decision, DecisionLogEntry, Intent, IntentContext, IntentSummary } from "./contract.js";

export type IntentStatus = Intent["status"];
export type Stage = Intent["stage"];
export type Outcome = Decision["outcome"];

/**
 * Machine-readable reason of a decision. The policy may name its own deny codes
 * (`reason_code` on a rule), so any string can appear.
 */
export type ReasonCode =
  | "policy_allowed"
  | "policy_denied"
  | "approval_required"
  | "within_lease"
  | "out_of_scope"
  | "spend_limit_exceeded"
  | "lease_expired"
  | "lease_revoked"
  | "lease_not_active"
  | (string & {});

/** Body of POST /api/v1/intents. */
export type ProposeIntentInput = ProposeIntent;
export type ApprovalRecord = IntentApproval;
export type IntentResult = NonNullable<Intent["result"]>;

export interface ListIntentsParams extends PageParams {
  status?: IntentStatus;
  action?: string;
  /** Agent name or id (members only; agents see their own). */
  agent?: string;
}

export type DecisionKind = DecisionLogEntry["kind"];
export type ExecuteInput = ExecuteIntent;
export type ReportResultInput = ReportResult;
