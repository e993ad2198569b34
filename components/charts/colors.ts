// Not a client module, so server components can read these values too.

/** Palette shared by the charts (Tailwind 500s), so a decision has one colour everywhere. */
export const CHART_COLORS = {
  allowed: "#10b981",
  denied: "#f43f5e",
  approval_required: "#f59e0b",
  primary: "#0f172a",
  accent: "#0ea5e9",
  violet: "#8b5cf6",
  grid: "#e2e8f0",
  axis: "#64748b",
} as const;

export const AXIS_TICK = { fontSize: 11, fill: CHART_COLORS.axis };
