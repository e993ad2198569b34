"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFrame } from "./chart-frame";
import { AXIS_TICK, CHART_COLORS } from "./colors";

export interface HistogramBin {
  bin: string;
  count: number;
}

export interface HistogramMarker {
  /** The bin the marker sits on. */
  bin: string;
  label: string;
  color?: string;
}

/** Counts per bin, with vertical markers on chosen bins (percentiles). Markers on one bin share a line. */
export function HistogramChart({ data, markers, label, valueName }: { data: HistogramBin[]; markers: HistogramMarker[]; label: string; valueName: string }) {
  const merged = new Map<string, HistogramMarker>();
  for (const m of markers) {
    const seen = merged.get(m.bin);
    merged.set(m.bin, seen ? { ...seen, label: `${seen.label} · ${m.label}` } : m);
  }
  // Each label sits inside the plot beside its line (towards the middle), one row lower per marker.
  const placed = [...merged.values()].map((m, i) => {
    const index = data.findIndex((d) => d.bin === m.bin);
    return { ...m, position: index < data.length / 2 ? ("insideTopLeft" as const) : ("insideTopRight" as const), offset: 4 + i * 15 };
  });
  // Headroom for the labels, and a top that splits into four whole steps.
  const top = 4 * Math.max(1, Math.ceil((Math.max(0, ...data.map((d) => d.count)) * 1.25) / 4));
  return (
    <ChartFrame height={240} label={label}>
      {(width) => (
        <BarChart width={width} height={240} data={data} margin={{ top: 8, right: 12, bottom: 0, left: -16 }} barCategoryGap="12%">
          <CartesianGrid stroke={CHART_COLORS.grid} vertical={false} />
          <XAxis dataKey="bin" tick={AXIS_TICK} tickLine={false} interval={width < 480 ? "preserveStartEnd" : 0} minTickGap={4} />
          <YAxis
            allowDecimals={false}
            domain={[0, top]}
            ticks={[0, top / 4, top / 2, (3 * top) / 4, top]}
            tick={AXIS_TICK}
            tickLine={false}
            axisLine={false}
          />
          <Tooltip cursor={{ fill: "#f1f5f9" }} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="count" name={valueName} fill={CHART_COLORS.accent} isAnimationActive={false} />
          {placed.map((m) => (
            <ReferenceLine
              key={m.bin}
              x={m.bin}
              stroke={m.color ?? CHART_COLORS.primary}
              strokeDasharray="4 3"
              label={{ value: m.label, position: m.position, offset: m.offset, fontSize: 11, fill: m.color ?? CHART_COLORS.primary }}
            />
          ))}
        </BarChart>
      )}
    </ChartFrame>
  );
}
