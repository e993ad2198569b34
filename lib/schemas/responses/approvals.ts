import { z } from "zod";
import { contract } from "../registry";
import { ERROR_CODES } from "../../errors";
import { INTENT_STATUSES } from "../common";
import { ZList, ZNullableTimestamp, ZSha256 } from "./common";
import { ZIntent } from "./intents";

/** One card of the review queue (GET /approvals). */
export const ZQueueItem = z.object({
  intent: ZIntent,
  decision_summary: z.object({
    title: z.string(),
    why: z.string().nullable(),
    next_effect: z.string(),
  }),
  policy_rule_id: z.string().nullable(),
  policy_reason: z.string(),
  policy_snapshot: ZSha256,
  payload_hash: ZSha256,
  approvals_required: z.int(),
  approvals_received: z.int(),
  sla_deadline: ZNullableTimestamp,
  step_up_required: z.boolean(),
  assigned_to: z.string().nullable().describe("The member this item is assigned to (round-robin among the rule's reviewers); null when nobody eligible is available."),
  assigned_only: z.boolean().describe("Only the assignee may resolve it (403 not_assigned for anyone else)."),
}).register(contract, { id: "QueueItem" });

export const ZQueueItemList = ZList(ZQueueItem).register(contract, { id: "QueueItemList" });

const ZBatchItem = z.object({
  intent_id: z.string(),
  ok: z.boolean(),
  status: z.enum(INTENT_STATUSES).nullable().describe("The intent's status after this item; null when it failed."),
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).optional().describe("Why this item failed."),
});

/** POST /approvals/batch: one result per distinct intent id; the request itself succeeds. */
export const ZBatchResult = z.object({
  items: z.array(ZBatchItem),
  succeeded: z.int(),
  failed: z.int(),
}).register(contract, { id: "BatchResult" });
