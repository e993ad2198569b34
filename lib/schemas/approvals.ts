import { z } from "zod";
import { contract } from "./registry";
import { ZBooleanFlag, ZId, ZPage, ZTimestamp } from "./common";
import { ZAssertion } from "./webauthn";

export const ZResolveApproval = z.strictObject({
  reason: z.string().trim().min(1).max(2000).optional().describe("Required to reject, and to approve an item pending less than 10 seconds."),
  note: z.string().max(5000).optional(),
  opened_at: ZTimestamp.optional().describe("When the reviewer opened the item (the dashboard sends it): a reason is needed within 10 s of it too."),
  step_up: z
    .strictObject({ response: ZAssertion })
    .optional()
    .describe("A passkey assertion for a step-up item, from the dashboard (POST /approvals/{intent_id}/step-up gives its options)."),
}).register(contract, { id: "ResolveApproval" });

export const ZBatchResolve = z.strictObject({
  intent_ids: z.array(ZId).min(1).max(100).describe("Each is resolved and audited on its own; duplicates count once."),
  decision: z.enum(["approve", "reject"]),
  reason: z.string().trim().min(1).max(2000),
  note: z.string().max(5000).optional(),
}).register(contract, { id: "BatchResolve" });

export const ZListApprovalsQuery = z.strictObject({
  ...ZPage,
  include_resolved: ZBooleanFlag.default(false),
  action: z.string().min(1).max(200).optional(),
  agent: z.string().min(1).max(200).optional(),
  environment: z.string().min(1).max(100).optional(),
  risk_tag: z.string().min(1).max(100).optional(),
  assigned: z.literal("me").optional().describe("`me`: only the items assigned to the caller."),
});
