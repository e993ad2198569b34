import type { JsonObject, PageParams, Role } from "./common.js";

export type IntentStatus =
  | "allowed"
  | "denied"
  | "pending_approval"
  | "approved"
  | "rejected"
  | "expired"
  | "cancelled"
  | "executing"
  | "succeeded"
  | "failed";

export type Stage = "create" | "run" | "resume" | "renew" | "publish";
export type Outcome = "allow" | "deny" | "require_approval";

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

export interface IntentSummary {
  title?: string;
  why?: string;
  next_effect?: string;
}

export interface IntentContext {
  run_id?: string;
  model_id?: string;
  agent_version?: string;
  confidence?: number;
  recommendation?: "approve" | "reject";
  [key: string]: unknown;
}

/** Body of POST /api/v1/intents. */
export interface ProposeIntentInput {
  action: string;
  stage?: Stage;
  environment?: string | null;
  destination?: string | null;
  amount?: number | null;
  currency?: string | null;
  risk_tags?: string[];
  /** The exact thing to be executed; its canonical JSON hash binds the execution token. */
  payload?: unknown;
  summary?: IntentSummary | null;
  rationale?: string | null;
  lease_id?: string | null;
  /** With `stage: "resume"`: the intent this run resumes. */
  resumes?: string | null;
  context?: IntentContext | null;
}

export interface Decision {
  outcome: Outcome;
  rule_id: string | null;
  reason: string;
  reason_code: ReasonCode;
  policy_snapshot: string;
  approvals_required: number;
  approver_role: Role;
  step_up_required: boolean;
  sla_deadline: string | null;
  on_timeout?: "deny" | "escalate";
  escalated_at?: string | null;
}

export interface ApprovalRecord {
  user_id: string;
  user_email: string | null;
  decision: "approve" | "reject";
  reason: string | null;
  note: string | null;
  at: string;
}

export interface IntentResult {
  status: "succeeded" | "failed";
  output: JsonObject | null;
  error: string | null;
}

/** The intent as the API returns it. */
export interface Intent {
  id: string;
  status: IntentStatus;
  action: string;
  stage: Stage;
  environment: string | null;
  destination: string | null;
  amount: number | null;
  currency: string | null;
  risk_tags: string[];
  payload: unknown;
  /** `sha256:<hex>` of the payload's canonical JSON. */
  payload_hash: string;
  summary: IntentSummary | null;
  rationale: string | null;
  context: IntentContext | null;
  lease_id: string | null;
  resumes: string | null;
  agent_id: string;
  agent_name: string | null;
  decision: Decision;
  approvals: ApprovalRecord[];
  /** Present only when the intent may execute now, and only to the agent that owns it. */
  execution_token?: string;
  expires_at: string | null;
  resolved_at: string | null;
  executed_at: string | null;
  completed_at: string | null;
  result: IntentResult | null;
  created_at: string;
  updated_at: string;
}

export interface ListIntentsParams extends PageParams {
  status?: IntentStatus;
  action?: string;
  /** Agent name or id (members only; agents see their own). */
  agent?: string;
}

export type DecisionKind = "policy" | "approval" | "rejection" | "timeout" | "execution" | "cancel";

/** One line of GET /api/v1/intents/{id}/decisions. */
export interface DecisionLogEntry {
  kind: DecisionKind;
  actor: { type: string; id: string | null };
  reason: string | null;
  note: string | null;
  policy_snapshot: string | null;
  data: unknown;
  at: string;
}

export interface ExecuteInput {
  execution_token: string;
  payload_hash: string;
}

export interface ReportResultInput {
  status: "succeeded" | "failed";
  output?: JsonObject;
  error?: string;
}
