import type { Metrics } from "./contract.js";

export type { Metrics } from "./contract.js";

export interface MetricsParams {
  /** RFC 3339 time or YYYY-MM-DD; default the last 30 days. */
  from?: string | Date;
  to?: string | Date;
  action?: string;
  /** Agent name or id. */
  agent?: string;
  environment?: string;
}

export type MetricsPoint = Metrics["series"][number];
