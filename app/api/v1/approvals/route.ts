import { listApprovals } from "@/lib/domain/approvals/list-approvals";
import { route } from "@/lib/http/route";
import { ZListApprovalsQuery } from "@/lib/schemas/approvals";

// GET /api/v1/approvals — the review queue (viewer+)
export const GET = route({ caller: "user", role: "viewer", query: ZListApprovalsQuery }, async ({ auth, query }) => {
  const { limit, cursor, ...filters } = query;
  return listApprovals(auth, filters, { limit, cursor });
});
