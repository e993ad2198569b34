import { resolveApproval } from "@/lib/domain/approvals/resolve-approval";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/approvals/{intent_id}/approve — one human's approval
export const POST = route(operations.approveIntent, async ({ ctx, params, body }) =>
  resolveApproval(ctx, params.intentId, {
    decision: "approve",
    reason: body.reason,
    note: body.note,
    opened_at: body.opened_at,
    stepUp: body.step_up as Parameters<typeof resolveApproval>[2]["stepUp"],
  }),
);
