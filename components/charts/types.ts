// What a chart card shows in its "Table" view and writes to its CSV: the chart's numbers, already shaped.

export type ColumnKind = "text" | "int" | "rate" | "seconds";

export interface TableColumn {
  /** Row key, and the CSV header. */
  key: string;
  /** Table header. */
  label: string;
  kind?: ColumnKind;
  /** In the CSV only (a raw value the table shows in another column already). */
  csvOnly?: boolean;
}

export type TableRow = Record<string, string | number | null>;

export interface ChartTable {
  columns: TableColumn[];
  rows: TableRow[];
}
