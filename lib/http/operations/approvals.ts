import { ZBatchResolve, ZListApprovalsQuery, ZResolveApproval } from "../../schemas/approvals";
import { ZEmptyBody } from "../../schemas/common";
import { ZBatchResult, ZQueueItemList } from "../../schemas/responses/approvals";
import { ZIntent } from "../../schemas/responses/intents";
import { ZWebAuthnOptions } from "../../schemas/responses/passkeys";
import { defineOperation } from "../operation";

const tags: ["Approvals"] = ["Approvals"];

const RESOLVE_ERRORS = ["already_resolved", "already_approved_by_user", "step_up_required", "separation_of_duties", "approval_expired"] as const;

export const approvalOperations = {
  listApprovals: defineOperation({
    method: "GET",
    path: "/api/v1/approvals",
    summary: "The review queue",
    description: "Pending items, most urgent SLA first; with include_resolved=true every item that needed a human, newest first.",
    tags,
    caller: "user",
    role: "viewer",
    query: ZListApprovalsQuery,
    responses: { 200: { description: "One page of queue items.", schema: ZQueueItemList } },
  }),

  approveIntent: defineOperation({
    method: "POST",
    path: "/api/v1/approvals/{intent_id}/approve",
    summary: "Approve an item",
    description:
      "One human counts once. `reason` is required when the item has been pending less than 10 seconds. The role must reach the item's approver_role; step-up items need a passkey assertion from the dashboard, never a token alone.",
    tags,
    caller: "user",
    role: "approver",
    body: ZResolveApproval,
    example: { reason: "Matches the ticket", note: "checked the recipient list" },
    responses: {
      200: { description: "The intent: still `pending_approval` until enough approvals, then `approved` with its execution token.", schema: ZIntent },
    },
    errors: [...RESOLVE_ERRORS],
  }),

  rejectIntent: defineOperation({
    method: "POST",
    path: "/api/v1/approvals/{intent_id}/reject",
    summary: "Reject an item",
    description: "`reason` is required.",
    tags,
    caller: "user",
    role: "approver",
    body: ZResolveApproval,
    example: { reason: "Wrong recipient list" },
    responses: { 200: { description: "The intent, now `rejected`.", schema: ZIntent } },
    errors: [...RESOLVE_ERRORS],
  }),

  beginStepUp: defineOperation({
    method: "POST",
    path: "/api/v1/approvals/{intent_id}/step-up",
    summary: "Passkey challenge for a step-up approval",
    description:
      "WebAuthn request options bound to this user, this intent and its payload hash (5 minutes, single use). Dashboard sessions only; the item's approver_role applies (publisher for publish-stage items).",
    tags,
    caller: "user",
    role: "approver",
    sessionOnly: true,
    body: ZEmptyBody,
    responses: { 200: { description: "Options for navigator.credentials.get().", schema: ZWebAuthnOptions } },
    errors: ["step_up_required", "already_resolved", "conflict"],
  }),

  batchResolve: defineOperation({
    method: "POST",
    path: "/api/v1/approvals/batch",
    summary: "Resolve several items with one reason",
    description: "Each item is resolved and audited on its own; step-up and two-person items are refused per item.",
    tags,
    caller: "user",
    role: "approver",
    body: ZBatchResolve,
    example: { intent_ids: ["int_0123456789abcdefghij"], decision: "reject", reason: "Duplicate requests" },
    responses: { 200: { description: "One result per distinct intent id.", schema: ZBatchResult } },
  }),
};
