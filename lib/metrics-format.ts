// Number formats of the metrics page, shared by its server parts, its charts and its CSV files.

/** 0.8333 → "83.3%", 0.5 → "50%"; null (undefined rate) → "—". */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return "—";
  const value = Math.round(rate * 1000) / 10;
  return `${Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1)}%`;
}

/** Seconds as the largest two units: "42 s", "3 m 20 s", "1 h 5 m", "2 d 3 h"; null → "—". */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || Number.isNaN(seconds)) return "—";
  if (seconds > 0 && seconds < 0.5) return "< 1 s";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const units: [number, string][] = [
    [86_400, "d"],
    [3_600, "h"],
    [60, "m"],
    [1, "s"],
  ];
  const i = units.findIndex(([size]) => s >= size);
  const [big, bigLabel] = units[i];
  const [small, smallLabel] = units[i + 1];
  const whole = Math.floor(s / big);
  const rest = Math.floor((s % big) / small);
  return rest ? `${whole} ${bigLabel} ${rest} ${smallLabel}` : `${whole} ${bigLabel}`;
}

/** 12345 → "12,345". */
export function count(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return value.toLocaleString("en-US");
}

/** A series bucket's start as a short UTC label: "11-24 16:00" for hours, "Nov 24" for days. */
export function bucketLabel(bucket: string, unit: "hour" | "day"): string {
  const date = new Date(bucket);
  if (Number.isNaN(date.getTime())) return bucket;
  const iso = date.toISOString();
  if (unit === "hour") return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
