// RFC 4180 CSV: fields separated by commas, records by CRLF; a field holding a comma, a quote,
// a line break or leading/trailing whitespace is wrapped in double quotes with inner quotes doubled.

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One CSV field; null and undefined are empty, objects are written as JSON. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
