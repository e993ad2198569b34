import { exportAuditEvents } from "@/lib/domain/audit/export-audit-events";
import { route } from "@/lib/http/route";
import { ZAuditExportQuery } from "@/lib/schemas/audit";

// GET /api/v1/audit/export — every matching event in seq order as a CSV or JSON download (viewer+)
export const GET = route({ caller: "user", role: "viewer", query: ZAuditExportQuery }, async ({ auth, query }) => {
  const { format, ...filters } = query;
  const file = await exportAuditEvents(auth.orgId, filters, format);
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
});
