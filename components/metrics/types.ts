import type { z } from "zod";
import type { ZMetrics } from "@/lib/schemas/responses/metrics";

/** GET /metrics as the metrics page reads it (through readOperation). */
export type Metrics = z.output<typeof ZMetrics>;
export type MetricsRule = Metrics["rules"][number];
export type MetricsShadowRule = Metrics["shadow"][number];
