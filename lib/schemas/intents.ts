import { z } from "zod";
import { contract } from "./registry";
import { STAGES } from "../policy/types";
import { INTENT_STATUSES, ZId, ZJsonObject, ZPage } from "./common";

const ZShortText = z.string().max(500);

export const ZIntentSummary = z.strictObject({
  title: ZShortText.optional(),
  why: z.string().max(2000).optional(),
  next_effect: z.string().max(2000).optional(),
}).register(contract, { id: "IntentSummary" });

export const ZIntentContext = z
  .looseObject({
    run_id: z.string().max(200).optional(),
    model_id: z.string().max(200).optional(),
    agent_version: z.string().max(200).optional(),
    confidence: z.number().min(0).max(1).optional(),
    recommendation: z.enum(["approve", "reject"]).optional(),
  }).register(contract, { id: "IntentContext" });

// intents.amount is NUMERIC(20,4): anything from 10^16 up would overflow the column.
const AMOUNT_LIMIT = 1e16;
const ZAmount = z
  .number()
  .gt(-AMOUNT_LIMIT, "must be greater than -10^16")
  .lt(AMOUNT_LIMIT, "must be less than 10^16");

export const ZProposeIntent = z.strictObject({
  action: z.string().min(1).max(200).describe("What the agent wants to do, e.g. email.send; policies match on it."),
  stage: z.enum(STAGES).default("run"),
  environment: z.string().min(1).max(100).nullish().describe("e.g. production, staging."),
  destination: z.string().min(1).max(500).nullish().describe("Where the effect lands, e.g. api.stripe.com."),
  amount: ZAmount.nullish().describe("Money at stake, with currency; leases count it against their spend limit."),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 code").nullish(),
  risk_tags: z.array(z.string().min(1).max(100)).max(50).default([]),
  payload: z.unknown().default({}).describe("Exactly what will be executed; payload_hash binds the execution token to it."),
  summary: ZIntentSummary.nullish().describe("What reviewers see first."),
  rationale: z.string().max(10_000).nullish().describe("Why the agent wants this."),
  lease_id: ZId.nullish().describe("Act under this lease: checked before the policy."),
  resumes: ZId.nullish().describe("With stage resume: the intent this run continues."),
  context: ZIntentContext.nullish().describe("Run metadata; context.recommendation feeds the override rate."),
}).register(contract, { id: "ProposeIntent" });
export type TProposeIntent = z.output<typeof ZProposeIntent>;
export type TIntentSummary = z.output<typeof ZIntentSummary>;

export const ZListIntentsQuery = z.strictObject({
  ...ZPage,
  status: z.enum(INTENT_STATUSES).optional(),
  action: z.string().min(1).max(200).optional(),
  agent: z.string().min(1).max(200).optional(),
});

export const ZWaitQuery = z.strictObject({
  wait: z.coerce.number().int().min(0).max(60).optional().describe("Hold the request up to this many seconds while the intent is pending_approval."),
});

export const ZExecuteIntent = z.strictObject({
  execution_token: z.string().min(1).max(200).describe("The tg_exec_… token of the allowed or approved intent."),
  payload_hash: z.string().min(1).max(200).describe("The intent's payload_hash: what is executed must be what was decided on."),
}).register(contract, { id: "ExecuteIntent" });

export const ZReportResult = z.strictObject({
  status: z.enum(["succeeded", "failed"]),
  output: ZJsonObject.optional(),
  error: z.string().max(10_000).optional(),
}).register(contract, { id: "ReportResult" });

export const ZCancelIntent = z.strictObject({
  reason: z.string().max(2000).optional(),
}).register(contract, { id: "CancelIntent" });
