import { exportAuditEvents } from "@/lib/domain/audit/export-audit-events";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/audit/export — every matching event in seq order as a CSV or JSON download (viewer+)
export const GET = route(operations.exportAuditEvents, async ({ ctx, query }) => {
  const { format, ...filters } = query;
  const file = await exportAuditEvents(ctx, filters, format);
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    },
  });
});
