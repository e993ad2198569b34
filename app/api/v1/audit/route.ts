import { listAuditEvents } from "@/lib/domain/audit/list-audit-events";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/audit — the org's hash-chained event stream (viewer+)
export const GET = route(operations.listAuditEvents, async ({ ctx, query }) => {
  const { limit, cursor, ...filters } = query;
  return listAuditEvents(ctx, filters, { limit, cursor });
});
