import Link from "next/link";
import { GET as getMetrics } from "@/app/api/v1/metrics/route";
import { ChartCard } from "@/components/charts/chart-card";
import { CHART_COLORS } from "@/components/charts/colors";
import { HistogramChart } from "@/components/charts/histogram-chart";
import { HorizontalBarChart } from "@/components/charts/horizontal-bar-chart";
import { RateLineChart } from "@/components/charts/rate-line-chart";
import { VolumeChart } from "@/components/charts/volume-chart";
import { HeadlineFigures } from "@/components/metrics/headline-figures";
import { MetricsFilters } from "@/components/metrics/metrics-filters";
import { RuleAdvice } from "@/components/metrics/rule-advice";
import { burdenData, overrideData, rejectionData, ttaData, volumeData } from "@/components/metrics/shape";
import { ShadowRules } from "@/components/metrics/shadow-rules";
import type { Metrics } from "@/components/metrics/types";
import { EmptyState, ErrorNote, PageHeader } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { environmentFacets } from "@/lib/domain/intents/environment-facets";
import { contextOf } from "@/lib/domain/request-context";
import { intentFacets } from "@/lib/domain/intents/intent-facets";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";
import { duration, percent } from "@/lib/metrics-format";
import { parseMetricsRange } from "@/lib/metrics-range";
import { type SearchParams, oneParam } from "@/lib/search-params";
import { utc } from "@/lib/format";

export const dynamic = "force-dynamic";

/** Metrics (viewer+): how the policy and the humans decided over a range, with per-rule advice. */
export default async function MetricsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const range = parseMetricsRange({ range: oneParam(params.range, 10), from: oneParam(params.from, 40), to: oneParam(params.to, 40) });
  const filters = { action: oneParam(params.action), agent: oneParam(params.agent), environment: oneParam(params.environment) };
  const [facets, environments, result] = await Promise.all([
    intentFacets(contextOf(user)),
    environmentFacets(contextOf(user)),
    // The window and filters go to GET /metrics as they would from any client: its query schema judges them.
    readOperation(operations.getMetrics, getMetrics, { query: { from: range.from.toISOString(), to: range.to.toISOString(), ...filters }, page: "/metrics" }),
  ]);
  const filtered = Boolean(filters.action || filters.agent || filters.environment);

  return (
    <div className="space-y-4">
      <PageHeader title="Metrics">
        {result.ok ? (
          <p className="text-xs text-slate-500" data-testid="metrics-window">
            {utc(result.data.from)} → {utc(result.data.to)} · by {result.data.bucket}
          </p>
        ) : null}
      </PageHeader>
      <MetricsFilters facets={{ ...facets, environments }} range={range} current={filters} />
      {range.error ? <ErrorNote>{range.error}</ErrorNote> : null}
      {!result.ok ? (
        <ErrorNote>
          {result.error.message}{" "}
          <Link href="/metrics" className="font-medium underline">
            Show the last 7 days
          </Link>
          .
        </ErrorNote>
      ) : result.data.intents === 0 ? (
        <EmptyState title={filtered ? "No intents match these filters in this range" : "No intents in this range"}>
          {filtered ? "Try a longer range or clear the filters." : "Pick a longer range, or come back once agents have proposed intents."}
        </EmptyState>
      ) : (
        <MetricsBody metrics={result.data} />
      )}
    </div>
  );
}

function MetricsBody({ metrics }: { metrics: Metrics }) {
  const volume = volumeData(metrics);
  const tta = ttaData(metrics);
  const override = overrideData(metrics);
  const rejections = rejectionData(metrics);
  const burden = burdenData(metrics);
  const markers = [
    ...(tta.p50.bin ? [{ bin: tta.p50.bin, label: `p50 ${duration(tta.p50.seconds)}` }] : []),
    ...(tta.p95.bin ? [{ bin: tta.p95.bin, label: `p95 ${duration(tta.p95.seconds)}`, color: CHART_COLORS.denied }] : []),
  ];
  return (
    <div className="space-y-4" data-testid="metrics-body">
      <HeadlineFigures metrics={metrics} />
      <ChartCard
        id="volume"
        title="Volume by decision"
        description={`Intents per ${metrics.bucket} (UTC), by what the policy decided`}
        table={volume.table}
        filename="intents-by-decision"
      >
        <VolumeChart data={volume.rows} />
      </ChartCard>
      <div className="grid gap-4 lg:grid-cols-2">
        <ChartCard
          id="tta"
          title="Time to approve"
          description="Approvals by time from proposal to the approval that completed them"
          summary={
            <span>
              p50 <strong data-testid="tta-p50">{duration(tta.p50.seconds)}</strong> · p95 <strong data-testid="tta-p95">{duration(tta.p95.seconds)}</strong>
            </span>
          }
          table={tta.table}
          filename="time-to-approve"
          emptyText="Nothing was approved by a human in this range."
        >
          <HistogramChart data={tta.rows} markers={markers} label="Time-to-approve histogram with p50 and p95 marked" valueName="Approvals" />
        </ChartCard>
        <ChartCard
          id="override"
          title="Override rate"
          description="Per bucket: human resolutions (and reviews marked wrong) that went against the call"
          summary={
            <span>
              Over the range <strong>{percent(metrics.override_rate)}</strong>
            </span>
          }
          table={override.table}
          filename="override-rate"
          emptyText="No human resolutions in this range."
        >
          <RateLineChart data={override.rows.map((r) => ({ bucket: r.bucket, rate: r.override_rate }))} name="Override rate" label="Override rate per bucket" />
        </ChartCard>
        <ChartCard
          id="rejections"
          title="Rejection reasons"
          description="The reasons humans gave when rejecting"
          table={rejections.table}
          filename="rejection-reasons"
          emptyText="Nothing was rejected in this range."
        >
          <HorizontalBarChart data={rejections.rows} color={CHART_COLORS.denied} valueName="Rejections" label="Rejections per reason" />
        </ChartCard>
        <ChartCard
          id="burden"
          title="Reviewer burden"
          description="Approvals and rejections given per member"
          summary={
            <span data-testid="sla-breaches-note">
              SLA breaches in the range: <strong>{metrics.sla_breaches}</strong>
            </span>
          }
          table={burden.table}
          filename="reviewer-burden"
          emptyText="No human resolved anything in this range."
        >
          <HorizontalBarChart data={burden.rows} color={CHART_COLORS.accent} valueName="Resolved" label="Resolutions per reviewer" />
        </ChartCard>
      </div>
      <ShadowRules rules={metrics.shadow} />
      <RuleAdvice rules={metrics.rules} reviews={metrics.reviews} />
    </div>
  );
}
