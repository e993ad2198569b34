"use client";

import { type ReactNode, useState } from "react";
import { count, duration, percent } from "@/lib/metrics-format";
import { downloadText, tableCsv } from "./download-csv";
import type { ChartTable, TableColumn } from "./types";

interface Props {
  /** Short id: the card is `chart-<id>`, its controls `table-toggle-<id>`, `csv-<id>`, `table-<id>`. */
  id: string;
  title: string;
  description?: ReactNode;
  /** A line of figures above the chart (e.g. the percentiles). */
  summary?: ReactNode;
  table: ChartTable;
  /** CSV file name, without extension. */
  filename: string;
  /** Shown instead of the chart when there is nothing to draw. */
  emptyText?: string;
  className?: string;
  children: ReactNode;
}

/** A chart with a "Table" toggle showing the same numbers, and a CSV download of them. */
export function ChartCard({ id, title, description, summary, table, filename, emptyText, className = "", children }: Props) {
  const [showTable, setShowTable] = useState(false);
  const empty = table.rows.length === 0;
  return (
    <section className={`min-w-0 rounded-lg border border-slate-200 bg-white ${className}`} data-testid={`chart-${id}`} data-view={showTable ? "table" : "chart"}>
      <div className="flex items-start justify-between gap-3 border-b border-slate-100 px-4 py-2.5">
        <div className="min-w-0 flex-1">
          <h2 className="text-sm font-semibold text-slate-900">{title}</h2>
          {description ? <p className="text-xs text-slate-500">{description}</p> : null}
        </div>
        <div className="flex shrink-0 items-center gap-1">
          <button
            type="button"
            aria-pressed={showTable}
            onClick={() => setShowTable((v) => !v)}
            className={`rounded-md border px-2 py-1 text-xs font-medium ${showTable ? "border-slate-900 bg-slate-900 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"}`}
            data-testid={`table-toggle-${id}`}
          >
            Table
          </button>
          <button
            type="button"
            onClick={() => downloadText(`${filename}.csv`, tableCsv(table))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
            data-testid={`csv-${id}`}
            title={`Download ${filename}.csv`}
          >
            CSV
          </button>
        </div>
      </div>
      <div className="px-2 py-3 sm:px-4">
        {summary ? <div className="mb-2 px-2 text-xs text-slate-600 sm:px-0">{summary}</div> : null}
        {showTable ? (
          <DataTable id={id} table={table} />
        ) : empty ? (
          <p className="px-2 py-10 text-center text-sm text-slate-500" data-testid={`chart-empty-${id}`}>
            {emptyText ?? "Nothing to show in this range."}
          </p>
        ) : (
          children
        )}
      </div>
    </section>
  );
}

function cell(column: TableColumn, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (column.kind === "rate") return percent(value);
  if (column.kind === "seconds") return duration(value);
  if (column.kind === "int") return count(value);
  return String(value);
}

function DataTable({ id, table }: { id: string; table: ChartTable }) {
  const columns = table.columns.filter((c) => !c.csvOnly);
  if (table.rows.length === 0) return <p className="px-2 py-6 text-center text-sm text-slate-500" data-testid={`table-${id}`}>No rows.</p>;
  return (
    <div className="max-h-80 overflow-auto">
      <table className="w-full text-left text-sm" data-testid={`table-${id}`}>
        <thead className="sticky top-0 bg-white text-xs text-slate-500">
          <tr>
            {columns.map((c, i) => (
              <th key={c.key} scope="col" className={`border-b border-slate-200 px-2 py-1.5 font-medium ${i > 0 && c.kind !== "text" ? "text-right" : ""}`}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.rows.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional (buckets, bins)
            <tr key={r}>
              {columns.map((c, i) => (
                <td
                  key={c.key}
                  className={`px-2 py-1.5 ${i > 0 && c.kind !== "text" ? "text-right tabular-nums" : "break-words text-slate-800"}`}
                  data-column={c.key}
                  data-value={row[c.key] ?? ""}
                >
                  {cell(c, row[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
