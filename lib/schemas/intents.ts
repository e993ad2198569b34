import { z } from "zod";
import { STAGES } from "../policy/types";
import { INTENT_STATUSES, ZId, ZJsonObject, ZPage } from "./common";

const ZShortText = z.string().max(500);

export const ZIntentSummary = z.strictObject({
  title: ZShortText.optional(),
  why: z.string().max(2000).optional(),
  next_effect: z.string().max(2000).optional(),
});

export const ZIntentContext = z
  .looseObject({
    run_id: z.string().max(200).optional(),
    model_id: z.string().max(200).optional(),
    agent_version: z.string().max(200).optional(),
    confidence: z.number().min(0).max(1).optional(),
    recommendation: z.enum(["approve", "reject"]).optional(),
  });

// intents.amount is NUMERIC(20,4): anything from 10^16 up would overflow the column.
const AMOUNT_LIMIT = 1e16;
const ZAmount = z
  .number()
  .gt(-AMOUNT_LIMIT, "must be greater than -10^16")
  .lt(AMOUNT_LIMIT, "must be less than 10^16");

export const ZProposeIntent = z.strictObject({
  action: z.string().min(1).max(200),
  stage: z.enum(STAGES).default("run"),
  environment: z.string().min(1).max(100).nullish(),
  destination: z.string().min(1).max(500).nullish(),
  amount: ZAmount.nullish(),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "must be a 3-letter ISO 4217 code").nullish(),
  risk_tags: z.array(z.string().min(1).max(100)).max(50).default([]),
  payload: z.unknown().default({}),
  summary: ZIntentSummary.nullish(),
  rationale: z.string().max(10_000).nullish(),
  lease_id: ZId.nullish(),
  resumes: ZId.nullish(),
  context: ZIntentContext.nullish(),
});
export type TProposeIntent = z.output<typeof ZProposeIntent>;

export const ZListIntentsQuery = z.strictObject({
  ...ZPage,
  status: z.enum(INTENT_STATUSES).optional(),
  action: z.string().min(1).max(200).optional(),
  agent: z.string().min(1).max(200).optional(),
});

export const ZWaitQuery = z.strictObject({
  wait: z.coerce.number().int().min(0).max(60).optional(),
});

export const ZExecuteIntent = z.strictObject({
  execution_token: z.string().min(1).max(200),
  payload_hash: z.string().min(1).max(200),
});

export const ZReportResult = z.strictObject({
  status: z.enum(["succeeded", "failed"]),
  output: ZJsonObject.optional(),
  error: z.string().max(10_000).optional(),
});

export const ZCancelIntent = z.strictObject({
  reason: z.string().max(2000).optional(),
});
