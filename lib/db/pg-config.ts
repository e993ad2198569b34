import pg from "pg";
import { parse } from "pg-connection-string";
import { setting } from "../config.mjs";

/** Where the app's PostgreSQL lives: DATABASE_URL, else the local server CI and developers have. */
export function databaseUrl(): string {
  return setting("DATABASE_URL");
}

/** The unpooled connection for what a transaction pooler cannot carry (LISTEN, migrations); DATABASE_URL unless set. */
export function directDatabaseUrl(): string {
  return setting("DIRECT_DATABASE_URL") ?? databaseUrl();
}

/** DATABASE_URL goes through a transaction-mode pooler: a direct URL other than it says so. */
export function behindPooler(): boolean {
  return directDatabaseUrl() !== databaseUrl();
}

/**
 * pg client whose statements are all unnamed. A transaction pooler hands each transaction to any
 * server connection, where a statement this client prepared under a name is missing, or one of that
 * name prepared by another client is already there (PgBouncer before 1.21 does not track them).
 * Unnamed statements are parsed and planned on every execution instead (the cost: README, Production).
 */
export class UnnamedStatementsClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloaded query signature
  override query(...args: any[]): any {
    const config = args[0];
    // Plain query configs only: a Submittable (a cursor) is passed as it is, and none of ours is named.
    if (config && typeof config === "object" && config.name && typeof config.submit !== "function") args[0] = { ...config, name: undefined };
    // biome-ignore lint/suspicious/noExplicitAny: see above
    return (super.query as any)(...args);
  }
}

/**
 * Discrete connection fields instead of a connection string: the Prisma pg adapter builds its
 * migrate shadow database by overriding `database`, which a connection string would silently win over.
 */
export function poolConfig(url: string, max: number): pg.PoolConfig {
  const parsed = parse(url);
  return {
    host: parsed.host ?? "127.0.0.1",
    port: parsed.port ? Number(parsed.port) : 5432,
    user: parsed.user ?? "postgres",
    password: parsed.password ?? undefined,
    database: parsed.database ?? "postgres",
    ssl: parsed.ssl ? (parsed.ssl as pg.PoolConfig["ssl"]) : undefined,
    max,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  };
}

// Catalog-only column types the pg adapter cannot map: "char" (18) and name (19).
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const PG_TEXT_OID = 25;

/**
 * pg client for the Prisma CLI: reports PostgreSQL `name` and `"char"` columns as text, which
 * the pg adapter cannot map otherwise (prisma/orm#27403) and which the schema engine's catalog
 * queries return. Runtime queries never select `name` columns, so the app uses plain pg.Client.
 */
export class NameAsTextClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloaded query signature
  override query(...args: any[]): any {
    // pg.Pool#query passes a trailing callback; direct callers get a promise. Cover both.
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const callback = args[last];
      // biome-ignore lint/suspicious/noExplicitAny: pg callback result
      args[last] = (err: Error | null, res: any) => callback(err, err ? res : mapNameColumns(res));
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const result = (super.query as any)(...args);
    return result && typeof result.then === "function" ? result.then(mapNameColumns) : result;
  }
}

function mapNameColumns<T extends pg.QueryResult | pg.QueryResult[]>(res: T): T {
  for (const r of Array.isArray(res) ? res : [res]) {
    for (const field of r?.fields ?? []) {
      if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = PG_TEXT_OID;
    }
  }
  return res;
}
