import { resolveApproval } from "@/lib/domain/approvals/resolve-approval";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// POST /api/v1/approvals/{intent_id}/reject — reject with a reason
export const POST = route(operations.rejectIntent, async ({ ctx, params, body }) =>
  resolveApproval(ctx, params.intentId, {
    decision: "reject",
    reason: body.reason,
    note: body.note,
    opened_at: body.opened_at,
    stepUp: body.step_up as Parameters<typeof resolveApproval>[2]["stepUp"],
  }),
);
