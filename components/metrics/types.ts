// The shape of GET /api/v1/metrics (and of getMetrics), as the metrics page reads it.

export interface MetricsSeriesPoint {
  bucket: string;
  intents: number;
  allowed: number;
  denied: number;
  approval_required: number;
  approved: number;
  rejected: number;
  expired: number;
  overrides: number;
  /** Sampled auto-allows reviewed in the bucket, when the API gives it. */
  reviewed?: number;
}

export interface MetricsRule {
  rule_id: string;
  decision: string;
  volume: number;
  approval_rate: number | null;
  override_rate: number | null;
  advice: "auto_allow_candidate" | "tighten_candidate" | null;
}

export interface MetricsShadowRule {
  rule_id: string;
  would_deny: number;
  would_require_approval: number;
  would_allow: number;
  total: number;
}

export interface Metrics {
  from: string;
  to: string;
  bucket: "hour" | "day";
  intents: number;
  approval_rate: number | null;
  auto_allow_rate: number | null;
  deny_rate: number | null;
  time_to_approve_p50_s: number | null;
  time_to_approve_p95_s: number | null;
  override_rate: number | null;
  rejection_reasons: Record<string, number>;
  sla_breaches: number;
  reviewer_burden: { user_id: string; email: string | null; resolved: number }[];
  series: MetricsSeriesPoint[];
  time_to_approve_histogram: { le_s: number | null; count: number }[];
  shadow: MetricsShadowRule[];
  rules: MetricsRule[];
  reviews: { sampled: number; reviewed: number; wrong: number };
}
