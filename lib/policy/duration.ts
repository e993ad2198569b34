// Policy durations ("90s", "15m", "1h", "7d") to seconds.

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const DURATION = /^(\d+)([smhd])$/;

/** Longest SLA we accept: ten years keeps deadlines well inside what Date can represent. */
export const MAX_DURATION_SECONDS = 3650 * 86_400;

/** Seconds for a valid duration, or null when the text is malformed, zero or too long. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m) return null;
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 && seconds <= MAX_DURATION_SECONDS ? seconds : null;
}
