import { z } from "zod";
import { contract } from "../registry";
import { OUTCOMES, ROLES, STAGES, TIMEOUT_ACTIONS } from "../../policy/types";
import { INTENT_STATUSES } from "../common";
import { ZList, ZNullableTimestamp, ZRef, ZSha256, ZTimestamp } from "./common";

/** The policy decision, frozen when the intent was proposed (serializeIntent's `decision`). */
export const ZDecision = z.object({
  outcome: z.enum(OUTCOMES),
  rule_id: z.string().nullable().describe("The deciding rule; null when the document default (or fail-closed) applied."),
  reason: z.string(),
  reason_code: z.string().describe("approval_required, policy_denied, out_of_scope, spend_limit_exceeded, lease_expired, …"),
  policy_snapshot: ZSha256,
  approvals_required: z.int().describe("Distinct humans needed; 0 unless the outcome is require_approval."),
  approver_role: z.enum(ROLES),
  step_up_required: z.boolean(),
  separate_duties: z.boolean().describe("The agent's owner may not approve (403 separation_of_duties)."),
  sla_deadline: ZNullableTimestamp,
  on_timeout: z.enum(TIMEOUT_ACTIONS),
  escalated_at: ZNullableTimestamp,
}).register(contract, { id: "Decision" });

export const ZIntentApproval = z.object({
  user_id: z.string(),
  user_email: z.string().nullable(),
  decision: z.enum(["approve", "reject"]),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  at: ZTimestamp,
}).register(contract, { id: "IntentApproval" });

export const ZIntent = z.object({
  id: z.string(),
  status: z.enum(INTENT_STATUSES),
  action: z.string(),
  stage: z.enum(STAGES),
  environment: z.string().nullable(),
  destination: z.string().nullable(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  risk_tags: z.array(z.string()),
  payload: z.unknown().describe("Exactly what was proposed, to be executed as is."),
  payload_hash: ZSha256.describe("sha256 of the payload's canonical JSON (keys sorted recursively, no whitespace)."),
  summary: z.looseObject({ title: z.string().optional(), why: z.string().optional(), next_effect: z.string().optional() }).nullable(),
  rationale: z.string().nullable(),
  context: z.record(z.string(), z.unknown()).nullable(),
  lease_id: z.string().nullable(),
  resumes: z.string().nullable(),
  agent_id: z.string(),
  agent_name: z.string().nullable(),
  decision: ZDecision,
  approvals: z.array(ZIntentApproval),
  execution_token: z
    .string()
    .regex(/^tg_exec_/)
    .optional()
    .describe("Only while the intent may execute (allowed or approved), and only to its agent or to the approver whose approval issued it."),
  expires_at: ZNullableTimestamp,
  resolved_at: ZNullableTimestamp,
  executed_at: ZNullableTimestamp,
  completed_at: ZNullableTimestamp,
  result: z
    .object({ status: z.enum(["succeeded", "failed"]), output: z.unknown(), error: z.string().nullable() })
    .nullable(),
  created_at: ZTimestamp,
  updated_at: ZTimestamp,
}).register(contract, { id: "Intent" });

export const ZIntentList = ZList(ZIntent).register(contract, { id: "IntentList" });

export const ZDecisionLogEntry = z.object({
  kind: z.enum(["policy", "approval", "rejection", "timeout", "execution", "cancel", "assignment", "notification"]),
  actor: ZRef,
  reason: z.string().nullable(),
  note: z.string().nullable(),
  policy_snapshot: z.string().nullable(),
  data: z.unknown(),
  at: ZTimestamp,
}).register(contract, { id: "DecisionLogEntry" });

/** GET /intents/{id}/decisions: the whole log, oldest first, in one answer (no cursor). */
export const ZDecisionLog = z.object({ items: z.array(ZDecisionLogEntry) }).register(contract, { id: "DecisionLog" });
