import { getMetrics } from "@/lib/domain/metrics/get-metrics";
import { route } from "@/lib/http/route";
import { ZMetricsQuery } from "@/lib/schemas/metrics";

// GET /api/v1/metrics — decision rates, time to approve, overrides, SLA breaches and per-rule advice over [from, to) (viewer+)
export const GET = route({ caller: "user", role: "viewer", query: ZMetricsQuery }, async ({ auth, query }) => getMetrics(auth.orgId, query));
