"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "./chart-frame";
import { AXIS_TICK, CHART_COLORS } from "./colors";

export interface LabelledCount {
  label: string;
  count: number;
}

const ROW_HEIGHT = 30;

function clip(text: string, max: number) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One horizontal bar per label, longest first as given; labels cut to fit the left axis. */
export function HorizontalBarChart({ data, color = CHART_COLORS.primary, valueName, label }: { data: LabelledCount[]; color?: string; valueName: string; label: string }) {
  const height = Math.max(96, data.length * ROW_HEIGHT + 36);
  return (
    <ChartFrame height={height} label={label}>
      {(width) => {
        const axisWidth = Math.min(220, Math.max(80, Math.round(width * 0.38)));
        const maxChars = Math.floor((axisWidth - 8) / 6.8);
        return (
          <BarChart width={width} height={height} data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={CHART_COLORS.grid} horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} tickLine={false} />
            <YAxis type="category" dataKey="label" width={axisWidth} tick={AXIS_TICK} tickLine={false} tickFormatter={(v: string) => clip(v, maxChars)} interval={0} />
            <Tooltip cursor={{ fill: "#f1f5f9" }} wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="count" name={valueName} fill={color} isAnimationActive={false} barSize={18} />
          </BarChart>
        );
      }}
    </ChartFrame>
  );
}
