import { csvRow } from "@/lib/export/csv";
import type { ChartTable } from "./types";

/** The chart's numbers as RFC 4180 CSV: every column (raw values, rates as 0–1), keys as headers. */
export function tableCsv(table: ChartTable): string {
  const header = csvRow(table.columns.map((c) => c.key));
  return header + table.rows.map((row) => csvRow(table.columns.map((c) => row[c.key]))).join("");
}

/** Saves text as a file from the browser (a Blob behind a temporary link). */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
