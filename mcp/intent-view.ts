import type { Intent } from "@tollgate/sdk";
import { z } from "zod";

// What the tools hand back about an intent: the fields an agent acts on, named as on the wire,
// plus `next_step`, a plain sentence telling the model what it may do now. The schema is
// published as each tool's outputSchema, so clients can check the structured result.

export const ZIntentView = z.object({
  intent_id: z.string().describe("The intent's id; pass it to check_approval, wait_for_approval, execute_approved and report_result."),
  status: z
    .string()
    .describe("allowed | denied | pending_approval | approved | rejected | expired | cancelled | executing | succeeded | failed"),
  action: z.string(),
  stage: z.string(),
  environment: z.string().nullable(),
  destination: z.string().nullable(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  title: z.string().nullable().describe("The summary title reviewers see."),
  payload: z.unknown().describe("The exact payload that was proposed; execute exactly this."),
  payload_hash: z.string().describe("sha256 of the payload's canonical JSON; execute_approved needs it."),
  decision: z.object({
    outcome: z.string().describe("allow | deny | require_approval"),
    reason_code: z.string().describe("Machine-readable reason, e.g. policy_allowed, approval_required, policy_denied, out_of_scope."),
    reason: z.string(),
    rule_id: z.string().nullable(),
    approvals_required: z.number(),
    approver_role: z.string(),
    step_up_required: z.boolean(),
    sla_deadline: z.string().nullable(),
  }),
  approvals: z
    .array(z.object({ decision: z.string(), reviewer: z.string().nullable(), reason: z.string().nullable(), at: z.string() }))
    .describe("Human resolutions so far: approvals, or the rejection and its reason."),
  execution_token: z
    .string()
    .optional()
    .describe("Present only when the action may run now (allowed or approved); single-use, pass it to execute_approved."),
  expires_at: z.string().nullable(),
  result: z.unknown().nullable().describe("What report_result recorded, once the action finished."),
  created_at: z.string(),
  next_step: z.string().describe("What the agent should do next, in one sentence."),
});

export type IntentView = z.infer<typeof ZIntentView>;

export function intentView(intent: Intent): IntentView {
  return {
    intent_id: intent.id,
    status: intent.status,
    action: intent.action,
    stage: intent.stage,
    environment: intent.environment,
    destination: intent.destination,
    amount: intent.amount,
    currency: intent.currency,
    title: intent.summary?.title ?? null,
    payload: intent.payload,
    payload_hash: intent.payload_hash,
    decision: {
      outcome: intent.decision.outcome,
      reason_code: intent.decision.reason_code,
      reason: intent.decision.reason,
      rule_id: intent.decision.rule_id,
      approvals_required: intent.decision.approvals_required,
      approver_role: intent.decision.approver_role,
      step_up_required: intent.decision.step_up_required,
      sla_deadline: intent.decision.sla_deadline,
    },
    approvals: intent.approvals.map((a) => ({ decision: a.decision, reviewer: a.user_email, reason: a.reason, at: a.at })),
    ...(intent.execution_token ? { execution_token: intent.execution_token } : {}),
    expires_at: intent.expires_at,
    result: intent.result,
    created_at: intent.created_at,
    next_step: nextStep(intent),
  };
}

/** One sentence per status, written for the model that called the tool. */
export function nextStep(intent: Intent): string {
  const { status, decision } = intent;
  switch (status) {
    case "allowed":
    case "approved":
      return intent.execution_token
        ? `${status === "allowed" ? "Allowed by policy" : "Approved by a human"}: call execute_approved with intent_id, execution_token and payload_hash, then perform exactly this action with this payload, then call report_result.`
        : "It may run, but no execution token was returned to this caller; do not perform the action.";
    case "pending_approval": {
      const received = intent.approvals.filter((a) => a.decision === "approve").length;
      return `Waiting for human approval (${received} of ${decision.approvals_required} so far; ${decision.reason}). Do not perform the action yet: call wait_for_approval with this intent_id.`;
    }
    case "denied":
      return `Denied (${decision.reason_code}: ${decision.reason}). Do not perform the action; change the plan instead.`;
    case "rejected": {
      const why = intent.approvals.find((a) => a.decision === "reject")?.reason;
      return `A human rejected it${why ? `: ${why}` : ""}. Do not perform the action.`;
    }
    case "expired":
      return "It expired (nobody decided within the SLA, or the execution token lapsed unused). Do not perform the action; propose it again if it is still needed.";
    case "cancelled":
      return "The proposal was withdrawn. Do not perform the action.";
    case "executing":
      return "The execution token was spent: perform the action now, then call report_result with the outcome.";
    case "succeeded":
    case "failed":
      return `Finished; the result (${status}) is recorded. Nothing more to do.`;
    default:
      return "Unknown status; call check_approval again later.";
  }
}
