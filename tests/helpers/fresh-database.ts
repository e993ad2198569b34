import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";

/**
 * Vitest global setup: a brand-new PostgreSQL database for this run (on DATABASE_URL's server,
 * else 127.0.0.1:5432), migrated with `prisma migrate deploy`, dropped afterwards.
 * Workers inherit DATABASE_URL from here.
 */
export default async function setup() {
  const base = new URL(process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres");
  const name = `tollgate_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const url = new URL(base);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  const prisma = path.resolve(import.meta.dirname, "../../node_modules/.bin/prisma");
  execFileSync(prisma, ["migrate", "deploy"], { env: process.env, stdio: "pipe" });

  return async () => {
    if (process.env.KEEP_TEST_DB) return;
    const cleanup = new pg.Client({ connectionString: base.toString() });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await cleanup.end();
  };
}
