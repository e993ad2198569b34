import { listAuditEvents } from "@/lib/domain/audit/list-audit-events";
import { route } from "@/lib/http/route";
import { ZAuditQuery } from "@/lib/schemas/audit";

// GET /api/v1/audit — the org's hash-chained event stream (viewer+)
export const GET = route({ caller: "user", role: "viewer", query: ZAuditQuery }, async ({ auth, query }) => {
  const { limit, cursor, ...filters } = query;
  return listAuditEvents(auth.orgId, filters, { limit, cursor });
});
