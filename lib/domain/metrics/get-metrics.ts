import { adviseRules } from "./advise-rules";
import { type RequestCounts, countApprovalRequests } from "./count-approval-requests";
import { countDecisions } from "./count-decisions";
import { countHumanDecisions } from "./count-human-decisions";
import { countReviews } from "./count-reviews";
import { countShadowDecisions } from "./count-shadow-decisions";
import { measureTimeToApprove } from "./measure-time-to-approve";
import { resolveMetricsRange } from "./resolve-metrics-range";
import { sealMetricDays } from "./seal-metric-days";
import type { MetricsScope } from "./scope-intents";
import type { RequestContext } from "../request-context";

export interface MetricsQuery {
  from?: Date;
  to?: Date;
  action?: string;
  /** Agent name or id. */
  agent?: string;
  environment?: string;
}

const NO_REQUESTS: RequestCounts = { requests: 0, approved: 0, rejected: 0, expired: 0, overrides: 0, slaBreaches: 0 };
const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/**
 * GET /metrics: how the org's intents proposed in [from, to) were decided and resolved, computed
 * in PostgreSQL by six queries run side by side, each from an index alone where it can. Past
 * whole days' allow/deny counts are kept once counted (sealMetricDays), so long windows read a
 * few rows per day for the bulk of their intents; everything that a human can still change is
 * computed from the approval requests themselves. Rates are shares of the intents by
 * policy outcome; time to approve runs from proposal to the approval that completed it; the
 * override rate counts human resolutions against the agent's recommendation (or, without one,
 * rejections), plus reviews of sampled auto-allows marked wrong, over both.
 */
export async function getMetrics(ctx: RequestContext, query: MetricsQuery, now = new Date()) {
  const range = resolveMetricsRange(query, now);
  const scope: MetricsScope = { orgId: ctx.orgId, ...range, action: query.action, agent: query.agent, environment: query.environment };
  const core = await sealMetricDays(scope, now);
  const [decisions, requests, timing, reviews, humans, shadow] = await Promise.all([
    countDecisions(scope, core),
    countApprovalRequests(scope, now),
    measureTimeToApprove(scope),
    countReviews(scope),
    countHumanDecisions(scope),
    countShadowDecisions(scope),
  ]);

  const series = decisions.buckets.map(({ bucket, allowed, denied }) => {
    const asked = requests.buckets.get(bucket.getTime()) ?? NO_REQUESTS;
    const wrong = reviews.buckets.get(bucket.getTime())?.wrong ?? 0;
    return {
      bucket: bucket.toISOString(),
      intents: allowed + denied + asked.requests,
      allowed,
      denied,
      approval_required: asked.requests,
      approved: asked.approved,
      rejected: asked.rejected,
      expired: asked.expired,
      overrides: asked.overrides + wrong,
    };
  });
  const total = (key: "intents" | "allowed" | "denied" | "approval_required") => series.reduce((sum, point) => sum + point[key], 0);
  const totalOf = (key: keyof RequestCounts) => [...requests.buckets.values()].reduce((sum, counts) => sum + counts[key], 0);
  const intents = total("intents");
  const judged = totalOf("approved") + totalOf("rejected") + reviews.total.reviewed;

  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    bucket: range.bucket,
    intents,
    approval_rate: share(total("approval_required"), intents),
    auto_allow_rate: share(total("allowed"), intents),
    deny_rate: share(total("denied"), intents),
    time_to_approve_p50_s: timing.p50,
    time_to_approve_p95_s: timing.p95,
    override_rate: judged > 0 ? (totalOf("overrides") + reviews.total.wrong) / judged : null,
    rejection_reasons: humans.rejectionReasons,
    sla_breaches: totalOf("slaBreaches"),
    reviewer_burden: humans.reviewers,
    series,
    time_to_approve_histogram: timing.histogram,
    shadow,
    rules: adviseRules(requests.rules, decisions.allowedByRule, reviews.rules),
    reviews: reviews.total,
  };
}

export type Metrics = Awaited<ReturnType<typeof getMetrics>>;
