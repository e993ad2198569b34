"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "./chart-frame";
import { AXIS_TICK, CHART_COLORS } from "./colors";

export interface VolumePoint {
  bucket: string;
  allowed: number;
  denied: number;
  approval_required: number;
}

const SERIES = [
  { key: "allowed", name: "Allowed", color: CHART_COLORS.allowed },
  { key: "approval_required", name: "Approval required", color: CHART_COLORS.approval_required },
  { key: "denied", name: "Denied", color: CHART_COLORS.denied },
] as const;

/** Intents per bucket, stacked by the policy's decision. */
export function VolumeChart({ data }: { data: VolumePoint[] }) {
  return (
    <ChartFrame height={260} label="Intents per time bucket by decision">
      {(width) => (
        <BarChart width={width} height={260} data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis dataKey="bucket" tick={AXIS_TICK} tickLine={false} minTickGap={16} />
          <YAxis allowDecimals={false} tick={AXIS_TICK} tickLine={false} axisLine={false} />
          <Tooltip cursor={{ fill: "#f1f5f9" }} wrapperStyle={{ fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} stackId="decision" fill={s.color} isAnimationActive={false} maxBarSize={48} />
          ))}
        </BarChart>
      )}
    </ChartFrame>
  );
}
