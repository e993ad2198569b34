// Many rows per statement: each chunk travels as one JSON parameter and is unpacked by
// json_to_recordset, so a table of thousands of rows costs a handful of round trips — what keeps
// the seed fast on the embedded PGlite database, where every statement is serialized.
import type pg from "pg";
import type { Row } from "./history-store";

const CHUNK_ROWS = 2000;

/** A table's columns as `name type` pairs, e.g. `id text, status "IntentStatus", created_at timestamp(3)`. */
export interface TableSpec {
  table: string;
  columns: string;
}

const columnNames = (spec: TableSpec) => spec.columns.split(",").map((column) => column.trim().split(/\s+/)[0]);

/** Inserts the rows in order (keys missing from a row are NULL); serial columns follow that order. */
export async function insertRows(client: pg.PoolClient, spec: TableSpec, rows: readonly Row[]): Promise<void> {
  const names = columnNames(spec).join(", ");
  const sql = `INSERT INTO ${spec.table} (${names}) SELECT ${names} FROM json_to_recordset($1::json) AS r(${spec.columns})`;
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    await client.query(sql, [JSON.stringify(rows.slice(i, i + CHUNK_ROWS))]);
  }
}

/** Updates rows matched on `id` (and the org) to the given column values. */
export async function updateRows(client: pg.PoolClient, spec: TableSpec, orgId: string, rows: readonly Row[]): Promise<void> {
  const assignments = columnNames(spec).filter((name) => name !== "id").map((name) => `${name} = r.${name}`).join(", ");
  await client.query(
    `UPDATE ${spec.table} t SET ${assignments} FROM json_to_recordset($1::json) AS r(${spec.columns}) WHERE t.id = r.id AND t.org_id = $2`,
    [JSON.stringify(rows), orgId],
  );
}
