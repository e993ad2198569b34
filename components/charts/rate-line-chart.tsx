"use client";

import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { percent } from "@/lib/metrics-format";
import { ChartFrame } from "./chart-frame";
import { AXIS_TICK, CHART_COLORS } from "./colors";

export interface RatePoint {
  bucket: string;
  /** 0–1, or null where the rate is undefined (a gap in the line). */
  rate: number | null;
}

/** A rate (0–100 %) over time; buckets without a rate leave a gap. */
export function RateLineChart({ data, name, label }: { data: RatePoint[]; name: string; label: string }) {
  const max = Math.max(0, ...data.map((d) => d.rate ?? 0));
  const top = max > 0.5 ? 1 : max > 0.2 ? 0.5 : max > 0.1 ? 0.2 : 0.1;
  return (
    <ChartFrame height={220} label={label}>
      {(width) => (
        <LineChart width={width} height={220} data={data} margin={{ top: 8, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis dataKey="bucket" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
          <YAxis domain={[0, top]} tickFormatter={(v: number) => percent(v)} tick={AXIS_TICK} tickLine={false} axisLine={false} />
          <Tooltip formatter={(v) => (typeof v === "number" ? percent(v) : "—")} wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="rate" name={name} stroke={CHART_COLORS.violet} strokeWidth={2} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      )}
    </ChartFrame>
  );
}
