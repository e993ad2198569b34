import { describe, expect, it } from "vitest";
import { tableCsv } from "../../components/charts/download-csv";
import { overrideData, rejectionData, ttaData } from "../../components/metrics/shape";
import type { Metrics } from "../../components/metrics/types";
import { bucketLabel, duration, percent } from "../../lib/metrics-format";
import { parseMetricsRange } from "../../lib/metrics-range";

const NOW = new Date("2025-11-24T16:20:00.000Z");

describe("metrics range from the URL", () => {
  it("defaults to the last 7 days and reads presets", () => {
    const seven = parseMetricsRange({}, NOW);
    expect(seven.preset).toBe("7d");
    expect(seven.to).toEqual(NOW);
    expect(NOW.getTime() - seven.from.getTime()).toBe(7 * 86_400_000);
    expect(parseMetricsRange({ range: "24h" }, NOW).from.toISOString()).toBe("2025-11-23T16:20:00.000Z");
    const unknown = parseMetricsRange({ range: "5y" }, NOW);
    expect(unknown.preset).toBe("7d");
    expect(unknown.error).toContain("5y");
  });

  it("reads custom dates as whole UTC days, the last one included, and full times as given", () => {
    const days = parseMetricsRange({ range: "30d", from: "2025-11-01", to: "2025-11-07" }, NOW);
    expect(days).toMatchObject({ preset: "custom", fromInput: "2025-11-01", toInput: "2025-11-07" });
    expect(days.from.toISOString()).toBe("2025-11-01T00:00:00.000Z");
    expect(days.to.toISOString()).toBe("2025-11-08T00:00:00.000Z");
    const times = parseMetricsRange({ from: "2025-11-24T10:00:00Z", to: "2025-11-24T12:30:00Z" }, NOW);
    expect(times.to.toISOString()).toBe("2025-11-24T12:30:00.000Z");
    expect(parseMetricsRange({ from: "2025-11-01" }, NOW).to).toEqual(NOW);
  });

  it("falls back to 7 days on unreadable or inverted bounds", () => {
    expect(parseMetricsRange({ from: "yesterday" }, NOW)).toMatchObject({ preset: "7d", error: expect.stringContaining("YYYY-MM-DD") });
    expect(parseMetricsRange({ from: "2025-02-30" }, NOW).preset).toBe("7d");
    expect(parseMetricsRange({ from: "2025-11-08", to: "2025-11-01" }, NOW).error).toContain("before");
  });
});

describe("metrics formats", () => {
  it("formats rates, durations and bucket labels", () => {
    expect([percent(0.5), percent(1 / 3), percent(0), percent(null)]).toEqual(["50%", "33.3%", "0%", "—"]);
    expect(duration(0.2)).toBe("< 1 s");
    expect([duration(42), duration(200), duration(3900), duration(2 * 86_400 + 3 * 3600), duration(null)]).toEqual(["42 s", "3 m 20 s", "1 h 5 m", "2 d 3 h", "—"]);
    expect(bucketLabel("2025-11-24T16:00:00.000Z", "hour")).toBe("11-24 16:00");
    expect(bucketLabel("2025-11-24T00:00:00.000Z", "day")).toBe("Nov 24");
  });
});

const metrics = (over: Partial<Metrics>): Metrics => ({
  from: "2025-11-17T00:00:00.000Z", to: "2025-11-24T00:00:00.000Z", bucket: "day", intents: 0,
  approval_rate: 0, auto_allow_rate: 0, deny_rate: 0, time_to_approve_p50_s: null, time_to_approve_p95_s: null,
  override_rate: null, rejection_reasons: {}, sla_breaches: 0, reviewer_burden: [], series: [], time_to_approve_histogram: [],
  shadow: [], rules: [], reviews: { sampled: 0, reviewed: 0, wrong: 0 }, ...over,
});

describe("chart shaping", () => {
  it("labels histogram bins by their bound and finds the bins of the percentiles", () => {
    const shaped = ttaData(metrics({
      time_to_approve_p50_s: 45, time_to_approve_p95_s: 4000,
      time_to_approve_histogram: [{ le_s: 60, count: 2 }, { le_s: 3600, count: 1 }, { le_s: null, count: 1 }],
    }));
    expect(shaped.rows.map((r) => r.bin)).toEqual(["≤ 1 m", "≤ 1 h", "> 1 h"]);
    expect(shaped.p50.bin).toBe("≤ 1 m");
    expect(shaped.p95.bin).toBe("> 1 h");
  });

  it("computes the override rate per bucket, null where nothing was resolved, never above 100%", () => {
    const point = { intents: 1, allowed: 0, denied: 0, approval_required: 0, approved: 0, rejected: 0, expired: 0, overrides: 0 };
    const shaped = overrideData(metrics({
      series: [
        { ...point, bucket: "2025-11-17T00:00:00.000Z", approved: 3, rejected: 1, overrides: 1 },
        { ...point, bucket: "2025-11-18T00:00:00.000Z" },
        { ...point, bucket: "2025-11-19T00:00:00.000Z", overrides: 1 },
      ],
    }));
    expect(shaped.rows.map((r) => r.override_rate)).toEqual([0.25, null, 1]);
  });

  it("sorts rejection reasons and writes CSV with raw values and quoted text", () => {
    const shaped = rejectionData(metrics({ rejection_reasons: { "Too big, ask finance": 1, "Wrong customer": 3 } }));
    expect(shaped.rows.map((r) => r.reason)).toEqual(["Wrong customer", "Too big, ask finance"]);
    expect(tableCsv(shaped.table)).toBe('reason,count\r\nWrong customer,3\r\n"Too big, ask finance",1\r\n');
  });
});
