import { z } from "zod";
import { ZIntentView, intentView } from "../intent-view";
import { defineTool } from "../tool";

const ZInput = z.object({
  action: z
    .string()
    .min(1)
    .max(200)
    .describe("Dotted name of what you want to do, e.g. email.send, payment.refund, deploy.production, crm.delete_contact. Policies match on it."),
  payload: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("The exact arguments of the operation you will perform. An approval is bound to this payload's hash: execute exactly this, or ask again."),
  summary: z
    .object({
      title: z.string().max(500).optional().describe("One line a reviewer reads first, e.g. 'Refund $250 to order #1042'."),
      why: z.string().max(2000).optional().describe("Why this is needed."),
      next_effect: z.string().max(2000).optional().describe("What happens in the world once it runs, e.g. '400 customers get the email'."),
    })
    .optional()
    .describe("What reviewers see in the approval queue."),
  rationale: z.string().max(10_000).optional().describe("Your reasoning for proposing this action."),
  stage: z
    .enum(["create", "run", "resume", "renew", "publish"])
    .optional()
    .describe("run (default) for ordinary actions; publish for outward-facing, irreversible ones; resume when continuing a stopped run (with resumes)."),
  environment: z.string().min(1).max(100).optional().describe("Where it runs, e.g. production or staging."),
  destination: z.string().min(1).max(500).optional().describe("The system or host it touches, e.g. api.stripe.com or sendgrid.send."),
  amount: z.number().optional().describe("Money involved, as a number (e.g. 250.00); give currency too."),
  currency: z.string().length(3).optional().describe("3-letter ISO 4217 code of amount, e.g. USD."),
  risk_tags: z.array(z.string().min(1).max(100)).max(50).optional().describe("Tags such as payment, outreach, pii; policies may require them."),
  lease_id: z.string().min(1).max(64).optional().describe("A lease (pre-approved scope) this action runs under, if you hold one."),
  resumes: z.string().min(1).max(64).optional().describe("With stage resume: the intent_id of the run being resumed."),
  context: z
    .looseObject({
      run_id: z.string().optional(),
      model_id: z.string().optional(),
      agent_version: z.string().optional(),
      confidence: z.number().min(0).max(1).optional().describe("Your confidence, 0 to 1; policies may use it."),
      recommendation: z.enum(["approve", "reject"]).optional(),
    })
    .optional()
    .describe("Run metadata shown to reviewers; policies can match context.<field>."),
  idempotency_key: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("Any unique string. Retrying with the same key and the same arguments returns the original request instead of creating a duplicate."),
});

export const requestApproval = defineTool({
  name: "request_approval",
  title: "Request approval for an action",
  description:
    "Ask Tollgate for permission BEFORE performing any action with side effects (sending messages, moving money, deploying, " +
    "deleting or changing records, posting publicly). The organization's policy answers at once with status: " +
    "'allowed' (an execution_token is returned: call execute_approved, perform the action, then report_result), " +
    "'pending_approval' (a human must decide: call wait_for_approval, and do not act until it is approved), or " +
    "'denied' (decision.reason_code says why: do not perform the action). Describe the action exactly; the approval covers only this payload.",
  inputSchema: ZInput,
  outputSchema: ZIntentView,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(client, { idempotency_key, ...input }, extra) {
    const intent = await client.intents.propose(input, { idempotencyKey: idempotency_key, signal: extra.signal });
    return intentView(intent);
  },
});
