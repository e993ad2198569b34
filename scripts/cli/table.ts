import { UsageError } from "./command";

/** Plain-text columns, each as wide as its widest cell; cells are cut at `max` characters. */
export function table(headers: string[], rows: string[][], max = 48): string {
  const cut = (cell: string) => (cell.length > max ? `${cell.slice(0, max - 1)}…` : cell);
  const cells = [headers, ...rows.map((row) => row.map((cell) => cut(cell.replace(/\s+/g, " "))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ").trimEnd()).join("\n");
}

/** Reads list pages until `limit` items or the end; says whether more were left. */
export async function collect<T>(items: AsyncIterable<T>, limit: number): Promise<{ items: T[]; more: boolean }> {
  const out: T[] = [];
  for await (const item of items) {
    if (out.length === limit) return { items: out, more: true };
    out.push(item);
  }
  return { items: out, more: false };
}

/** --limit as a positive integer. */
export function limitOf(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--limit must be a positive integer, not "${value}"`);
  return n;
}
