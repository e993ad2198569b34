import { createHash } from "node:crypto";
import { pgPool } from "./client";
import type { OrgTx } from "./scoped";

/**
 * Placeholders for one parameterised statement: add() appends a value and answers `$n::cast`.
 * Values travel as text and the cast names the column's type (text unless told): in an
 * INSERT … SELECT PostgreSQL cannot infer a parameter's type from the target column. Statements built
 * this way run the same on the pg pool and inside a Prisma transaction (see SqlRunner).
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast = "text"): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** Runs one statement and answers its rows: on the pg pool (autocommit) or in a transaction. */
export type SqlRunner = <Row>(sql: string, values: unknown[]) => Promise<Row[]>;

/**
 * The pg pool, one statement per call: a statement is atomic on its own, so writes built as a
 * single statement of data-modifying CTEs need no interactive transaction (and none of the ORM's
 * per-query cost, which is most of a hot path's time: BENCHMARKS.md). Statements are prepared
 * under a name derived from their text, so each connection parses and plans one only once: keep
 * the text free of values (placeholders only), or every call would prepare a new statement.
 * A migration that changes a table under a prepared statement needs the app restarted.
 */
export const poolRunner: SqlRunner = async <Row>(sql: string, values: unknown[]) =>
  (await pgPool().query({ name: statementName(sql), text: sql, values })).rows as Row[];

const names = new Map<string, string>();
/** The statement's name: the same text always gets the same one. */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `tg_${createHash("sha256").update(sql).digest("hex").slice(0, 24)}`;
    names.set(sql, name);
  }
  return name;
}

/** The same statements inside the caller's Prisma transaction, so they commit with the rest of it. */
export const txRunner =
  (tx: OrgTx): SqlRunner =>
  <Row>(sql: string, values: unknown[]) =>
    tx.$queryRawUnsafe<Row[]>(sql, ...values);

/** A timestamp parameter: TIMESTAMP(3) columns hold UTC, and the zone in the text is ignored. */
export const utc = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** `FROM <gate>` when the rows depend on an earlier CTE yielding its row, else nothing. */
export const fromGate = (gate: string | null) => (gate ? ` FROM ${gate}` : "");

/**
 * A CTE `name` that inserts one row (columns → SQL expressions, usually placeholders) and returns
 * `returning`; with `gate`, only when that CTE yields its row (so a guard can stop every write).
 */
export function insertCte(name: string, table: string, columns: Record<string, string>, gate: string | null, returning = "id"): string {
  return `${name} AS (
    INSERT INTO ${table} (${Object.keys(columns).join(", ")})
    SELECT ${Object.values(columns).join(", ")}${fromGate(gate)}
    RETURNING ${returning}
  )`;
}
