export interface MetricsParams {
  /** RFC 3339 time or YYYY-MM-DD; default the last 30 days. */
  from?: string | Date;
  to?: string | Date;
  action?: string;
  /** Agent name or id. */
  agent?: string;
  environment?: string;
}

export interface MetricsPoint {
  bucket: string;
  intents: number;
  allowed: number;
  denied: number;
  approval_required: number;
  approved: number;
  rejected: number;
  expired: number;
  overrides: number;
}

export interface Metrics {
  from: string;
  to: string;
  bucket: "hour" | "day";
  intents: number;
  approval_rate: number;
  auto_allow_rate: number;
  deny_rate: number;
  time_to_approve_p50_s: number | null;
  time_to_approve_p95_s: number | null;
  override_rate: number | null;
  rejection_reasons: Record<string, number>;
  sla_breaches: number;
  reviewer_burden: { user_id: string; resolved: number; [key: string]: unknown }[];
  series: MetricsPoint[];
  [key: string]: unknown;
}
