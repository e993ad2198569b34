import { getMetrics } from "@/lib/domain/metrics/get-metrics";
import { operations } from "@/lib/http/operations";
import { route } from "@/lib/http/route";

// GET /api/v1/metrics — decision rates, time to approve, overrides, SLA breaches and per-rule advice over [from, to) (viewer+)
export const GET = route(operations.getMetrics, async ({ ctx, query }) => getMetrics(ctx, query));
