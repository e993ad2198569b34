// The metrics page's time range, read from the URL: a preset (`?range=7d`) or a custom window
// (`?from=2025-11-01&to=2025-11-07`, dates or RFC 3339 times, UTC). Pure, so server and tests share it.

export const RANGE_PRESETS = [
  { id: "24h", label: "24 h", ms: 24 * 3600_000 },
  { id: "7d", label: "7 d", ms: 7 * 24 * 3600_000 },
  { id: "30d", label: "30 d", ms: 30 * 24 * 3600_000 },
  { id: "90d", label: "90 d", ms: 90 * 24 * 3600_000 },
] as const;

export type RangePreset = (typeof RANGE_PRESETS)[number]["id"];
export const DEFAULT_PRESET: RangePreset = "7d";

export interface MetricsRange {
  preset: RangePreset | "custom";
  from: Date;
  to: Date;
  /** The window as `<input type=date>` values (the last day included for `to`). */
  fromInput: string;
  toInput: string;
  /** Why the URL's range was not used (the page falls back to the default preset). */
  error?: string;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600_000;

/** A date (`2025-11-01`, midnight UTC; as `to`, the day is included) or a full time; null when unreadable. */
function parseBound(value: string, bound: "from" | "to"): Date | null {
  if (DATE_ONLY.test(value)) {
    const day = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return null;
    return bound === "to" ? new Date(day.getTime() + DAY_MS) : day;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time;
}

const dayInput = (date: Date) => date.toISOString().slice(0, 10);

function presetRange(preset: RangePreset, now: Date, error?: string): MetricsRange {
  const ms = RANGE_PRESETS.find((p) => p.id === preset)?.ms ?? RANGE_PRESETS[1].ms;
  const from = new Date(now.getTime() - ms);
  return { preset, from, to: now, fromInput: dayInput(from), toInput: dayInput(now), ...(error ? { error } : {}) };
}

/** The range a URL asks for; custom bounds win over a preset; anything unreadable falls back to 7 d. */
export function parseMetricsRange(params: { range?: string; from?: string; to?: string }, now = new Date()): MetricsRange {
  if (params.from || params.to) {
    const to = params.to ? parseBound(params.to, "to") : now;
    const from = params.from ? parseBound(params.from, "from") : to ? new Date(to.getTime() - RANGE_PRESETS[1].ms) : null;
    if (!from || !to) return presetRange(DEFAULT_PRESET, now, "That date is not readable: use YYYY-MM-DD.");
    if (from.getTime() >= to.getTime()) return presetRange(DEFAULT_PRESET, now, "The start of the range must be before its end.");
    const lastDay = to.getTime() % DAY_MS === 0 ? new Date(to.getTime() - DAY_MS) : to;
    return { preset: "custom", from, to, fromInput: dayInput(from), toInput: dayInput(new Date(Math.max(lastDay.getTime(), from.getTime()))) };
  }
  const preset = RANGE_PRESETS.find((p) => p.id === params.range)?.id;
  if (params.range && !preset) return presetRange(DEFAULT_PRESET, now, `Unknown range “${params.range}”: showing the last 7 days.`);
  return presetRange(preset ?? DEFAULT_PRESET, now);
}
