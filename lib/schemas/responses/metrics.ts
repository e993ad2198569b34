import { z } from "zod";
import { contract } from "../registry";
import { ZTimestamp } from "./common";

const ZRate = z.number().min(0).max(1);

const ZSeriesPoint = z.object({
  bucket: ZTimestamp.describe("Start of the hour or day."),
  intents: z.int(),
  allowed: z.int(),
  denied: z.int(),
  approval_required: z.int(),
  approved: z.int(),
  rejected: z.int(),
  expired: z.int(),
  overrides: z.int(),
});

/** GET /metrics over [from, to). Rates are shares of the window's intents by policy outcome. */
export const ZMetrics = z.object({
  from: ZTimestamp,
  to: ZTimestamp,
  bucket: z.enum(["hour", "day"]).describe("hour for windows up to 48 h, else day."),
  intents: z.int(),
  approval_rate: ZRate,
  auto_allow_rate: ZRate,
  deny_rate: ZRate,
  time_to_approve_p50_s: z.number().nullable(),
  time_to_approve_p95_s: z.number().nullable(),
  override_rate: ZRate.nullable().describe(
    "Human resolutions against context.recommendation (else rejections), plus sampled auto-allows marked wrong, over both; null with none.",
  ),
  rejection_reasons: z.record(z.string(), z.int()),
  sla_breaches: z.int(),
  reviewer_burden: z.array(z.object({ user_id: z.string(), email: z.string(), resolved: z.int() })),
  series: z.array(ZSeriesPoint),
  time_to_approve_histogram: z.array(
    z.object({ le_s: z.number().nullable().describe("Upper edge in seconds; null for the last bucket."), count: z.int() }),
  ),
  shadow: z.array(
    z.object({
      rule_id: z.string(),
      would_deny: z.int(),
      would_require_approval: z.int(),
      would_allow: z.int(),
      total: z.int(),
    }),
  ),
  rules: z.array(
    z.object({
      rule_id: z.string(),
      decision: z.enum(["allow", "require_approval"]),
      volume: z.int(),
      approval_rate: ZRate.nullable(),
      override_rate: ZRate.nullable(),
      advice: z.enum(["auto_allow_candidate", "tighten_candidate"]).nullable(),
    }),
  ),
  reviews: z.object({ sampled: z.int(), reviewed: z.int(), wrong: z.int() }),
}).register(contract, { id: "Metrics" });
