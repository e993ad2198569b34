import { listApprovals } from "@/lib/domain/approvals/list-approvals";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/approvals — the review queue (viewer+)
export const GET = route(operations.listApprovals, async ({ ctx, query }) => {
  const { limit, cursor, ...filters } = query;
  return listApprovals(ctx, filters, { limit, cursor });
});
