import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

/**
 * A brand-new PostgreSQL database (on DATABASE_URL's server, else 127.0.0.1:5432), migrated with
 * `prisma migrate deploy`. Returns its URL and a function that drops it.
 */
export async function createFreshDatabase(
  prefix: string,
  server: string = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(server);
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const url = new URL(base);
  url.pathname = `/${name}`;
  const prisma = path.resolve(import.meta.dirname, "../../node_modules/.bin/prisma");
  execFileSync(prisma, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: "pipe" });

  return {
    url: url.toString(),
    drop: async () => {
      if (process.env.KEEP_TEST_DB) return;
      const cleanup = new pg.Client({ connectionString: base.toString() });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * Vitest global setup of the integration project. The URL reaches the workers through
 * project.provide (tests/helpers/integration-env.ts): process.env is shared with the e2e project's
 * global setup, and whichever ran last used to decide the database of both projects' workers.
 */
export default async function setup(project: TestProject) {
  const database = await createFreshDatabase("tollgate_test");
  process.env.DATABASE_URL = database.url;
  project.provide("databaseUrl", database.url);
  return database.drop;
}
