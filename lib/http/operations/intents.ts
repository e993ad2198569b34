import { ZIdempotencyKey } from "../../schemas/common";
import { ZCancelIntent, ZExecuteIntent, ZListIntentsQuery, ZProposeIntent, ZReportResult, ZWaitQuery } from "../../schemas/intents";
import { ZIntentReceipt } from "../../schemas/responses/audit";
import { ZDecisionLog, ZIntent, ZIntentList } from "../../schemas/responses/intents";
import { defineOperation } from "../operation";

const tags: ["Intents"] = ["Intents"];

/** POST /intents and POST /leases: a retry with the same key and body gets the original answer. */
export const IDEMPOTENCY_KEY = {
  name: "Idempotency-Key",
  description: "Same key + same body → the original response (same id, status 200); same key + another body → 409 idempotency_conflict.",
  schema: ZIdempotencyKey,
};

export const intentOperations = {
  proposeIntent: defineOperation({
    method: "POST",
    path: "/api/v1/intents",
    summary: "Propose an intent",
    description:
      "The policy decides at once: `allowed` (with an execution token), `denied` (with a reason_code), or `pending_approval` (in the human queue). With `lease_id` the lease is checked first.",
    tags,
    caller: "agent",
    rateLimit: "propose",
    body: ZProposeIntent,
    headers: [IDEMPOTENCY_KEY],
    example: {
      action: "email.send",
      stage: "run",
      environment: "production",
      destination: "sendgrid.send",
      risk_tags: ["outreach"],
      payload: { to: "customers", template: "spring-sale" },
      summary: { title: "Send 400 outreach emails", next_effect: "400 customers get the email" },
      rationale: "The campaign was approved in the planning doc",
      context: { run_id: "run_42", model_id: "gpt-x", agent_version: "1.4.0", confidence: 0.93 },
    },
    responses: {
      201: { description: "The intent, as the policy decided it.", schema: ZIntent },
      200: { description: "A replay: this Idempotency-Key was used with the same body before.", schema: ZIntent },
    },
    errors: ["not_found", "idempotency_conflict"],
  }),

  listIntents: defineOperation({
    method: "GET",
    path: "/api/v1/intents",
    summary: "List intents",
    description: "Agents see their own intents; members see the organization's. Newest first.",
    tags,
    caller: "any",
    query: ZListIntentsQuery,
    responses: { 200: { description: "One page of intents.", schema: ZIntentList } },
  }),

  getIntent: defineOperation({
    method: "GET",
    path: "/api/v1/intents/{id}",
    summary: "Get an intent (optionally long-poll)",
    description:
      "With `?wait=N` (N ≤ 60 seconds) the request is held until the intent leaves `pending_approval` or N passes, then answers with the current intent.",
    tags,
    caller: "any",
    query: ZWaitQuery,
    responses: { 200: { description: "The intent.", schema: ZIntent } },
    // More than LONG_POLLS_PER_CALLER waits open at once (with Retry-After).
    errors: ["rate_limited"],
  }),

  listIntentDecisions: defineOperation({
    method: "GET",
    path: "/api/v1/intents/{id}/decisions",
    summary: "The intent's decisions log",
    description: "Every policy decision and human or system resolution, oldest first.",
    tags,
    caller: "any",
    responses: { 200: { description: "The whole log.", schema: ZDecisionLog } },
  }),

  getIntentReceipt: defineOperation({
    method: "GET",
    path: "/api/v1/intents/{id}/receipt",
    summary: "A signed receipt of what was approved and executed",
    description:
      "After execution: a compact JWS (EdDSA, typ tollgate-receipt) of the payload hash, policy snapshot, decision, approvals, revisions, execution time, result and the audit event that records them. Anyone can verify it offline with GET /.well-known/jwks.json alone (SDK verifyReceipt, `npm run cli -- receipt verify`). Send `Accept: application/jose` for the bare JWS.",
    tags,
    caller: "any",
    responses: {
      200: { description: "The receipt.", schema: ZIntentReceipt, text: { "application/jose": "The compact JWS alone." } },
    },
    errors: ["not_executed", "audit_incomplete"],
  }),

  executeIntent: defineOperation({
    method: "POST",
    path: "/api/v1/intents/{id}/execute",
    summary: "Execute with the single-use token",
    description:
      "Refusals in this order: invalid_execution_token, token_used, token_expired, not_executable, payload_mismatch, policy_changed. Of two concurrent executes exactly one wins.",
    tags,
    caller: "agent",
    body: ZExecuteIntent,
    responses: { 200: { description: "The intent, now `executing`.", schema: ZIntent } },
    errors: ["invalid_execution_token", "token_used", "token_expired", "not_executable", "payload_mismatch", "policy_changed", "lease_revoked", "lease_expired"],
  }),

  reportIntentResult: defineOperation({
    method: "POST",
    path: "/api/v1/intents/{id}/result",
    summary: "Report the execution's result",
    tags,
    caller: "agent",
    body: ZReportResult,
    example: { status: "succeeded", output: { sent: 400 } },
    responses: { 200: { description: "The intent, now `succeeded` or `failed`.", schema: ZIntent } },
    errors: ["not_executable"],
  }),

  cancelIntent: defineOperation({
    method: "POST",
    path: "/api/v1/intents/{id}/cancel",
    summary: "Withdraw a pending intent",
    tags,
    caller: "agent",
    body: ZCancelIntent,
    example: { reason: "no longer needed" },
    responses: { 200: { description: "The intent, now `cancelled`.", schema: ZIntent } },
    errors: ["already_resolved"],
  }),
};
