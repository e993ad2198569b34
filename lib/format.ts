// Formatting shared by server and client components. Times render in UTC so the server's HTML and
// the browser's hydration agree, whatever the viewer's time zone.

/** "2025-11-24 16:20 UTC" (seconds with `seconds: true`); "—" for nothing. */
export function utc(value: string | Date | null | undefined, options: { seconds?: boolean } = {}): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "—";
  return `${date.toISOString().slice(0, options.seconds ? 19 : 16).replace("T", " ")} UTC`;
}

/** "sha256:1a2b3c4d…" → "1a2b3c4d", for tables; the full value goes in a title. */
export function shortHash(hash: string | null | undefined, length = 8): string {
  if (!hash) return "—";
  return hash.replace(/^sha256:/, "").slice(0, length);
}

/** A one-line preview of an event's data: `key=value` pairs, long values and the whole line cut short. */
export function summarizeData(data: unknown, max = 120): string {
  if (data === null || data === undefined) return "";
  if (typeof data !== "object" || Array.isArray(data)) return clip(JSON.stringify(data), max);
  const parts = Object.entries(data as Record<string, unknown>).map(([key, value]) => {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return `${key}=${clip(text ?? "null", 40)}`;
  });
  return clip(parts.join(" · "), max);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
