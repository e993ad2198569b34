import { createHash } from "node:crypto";
import type { Prisma } from "../generated/prisma/client";
import { pgPool } from "./client";
import type { OrgTx } from "./scoped";

/**
 * Placeholders for one parameterised statement: add() appends a value and answers `$n::cast`.
 * Values travel as text and the cast names the column's type (text unless told): in an
 * INSERT … SELECT PostgreSQL cannot infer a parameter's type from the target column. Statements built
 * this way run the same on the pg pool and inside a Prisma transaction (see SqlRunner).
 * Unscoped: only for statements that span organizations or name no tenant table (the sweepers, the
 * webhook worker's claim); tenant statements are built with OrgSql, which binds org_id.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast = "text"): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** SqlParams with the org id bound first, as `org` ($1::text). */
export class OrgParams extends SqlParams {
  readonly org: string;

  constructor(orgId: string) {
    super();
    if (!orgId) throw new Error("OrgParams needs the caller's organization id");
    this.org = this.add(orgId);
  }

  /** The statement, refused unless it names org_id and uses the bound org: no tenant statement is built without it. */
  text(sql: string): string {
    if (!/\borg_id\b/.test(sql) || !sql.includes(this.org)) throw new Error(`A tenant statement must use org_id = ${this.org}: ${sql.trim().slice(0, 80)}`);
    return sql;
  }
}

/** Raw SQL for one organization: `build` writes the statement with OrgParams; it runs on the pool, or in `tx`. */
export type OrgSql = <Row>(build: (p: OrgParams) => string, tx?: OrgTx) => Promise<Row[]>;

export function orgSql(orgId: string): OrgSql {
  return async <Row>(build: (p: OrgParams) => string, tx?: OrgTx) => {
    const p = new OrgParams(orgId);
    return (tx ? txRunner(tx) : poolRunner)<Row>(p.text(build(p)), p.values);
  };
}

/** Prisma's composed SQL (the metrics queries), refused unless it names org_id and binds `orgId`. */
export function orgBoundSql(orgId: string, query: Prisma.Sql): Prisma.Sql {
  if (!/\borg_id\b/.test(query.text) || !query.values.includes(orgId)) throw new Error(`A tenant statement must bind org_id: ${query.text.trim().slice(0, 80)}`);
  return query;
}

/** Runs one statement and answers its rows: on the pg pool (autocommit) or in a transaction. */
export type SqlRunner = <Row>(sql: string, values: unknown[]) => Promise<Row[]>;

/**
 * The pg pool, one statement per call: a statement is atomic on its own, so writes built as a
 * single statement of data-modifying CTEs need no interactive transaction (and none of the ORM's
 * per-query cost, which is most of a hot path's time: BENCHMARKS.md). Statements are prepared
 * under a name derived from their text, so each connection parses and plans one only once: keep
 * the text free of values (placeholders only), or every call would prepare a new statement.
 * A migration that changes a table under a prepared statement needs the app restarted. Behind a
 * transaction pooler the pool sends them unnamed (pg-config.ts, UnnamedStatementsClient).
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
