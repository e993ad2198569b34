// Whether `prisma migrate deploy` has anything to do, answered with one query instead of the
// ~11 s deploy takes even when nothing is pending (its CLI is done after ~2 s, then a timer in its
// WebAssembly schema engine holds the process another 10 s). It only ever says "nothing to do" when the
// database's record matches prisma/migrations exactly; any doubt answers "deploy", and deploy then
// applies what is pending or reports what is wrong as it always did.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ROOT, run } from "./steps.mjs";

export const MIGRATIONS_DIR = path.join(ROOT, "prisma/migrations");

/**
 * `prisma migrate deploy` against `url` (a direct connection), as npm start runs it; throws
 * (StepFailed) when it fails. Both URLs are set to it, so prisma.config.ts cannot pick another.
 * @param {string} url
 */
export function deployMigrations(url) {
  run(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { DATABASE_URL: url, DIRECT_DATABASE_URL: url });
}

/**
 * The migrations in `dir` as Prisma records them: directory name and SHA-256 of migration.sql.
 * Null when the directory holds something Prisma would refuse (a folder without migration.sql,
 * a lock file of another provider): deploy should say so.
 */
export function localMigrations(dir = MIGRATIONS_DIR) {
  const lock = path.join(dir, "migration_lock.toml");
  if (!existsSync(lock) || !/^provider\s*=\s*"postgresql"\s*$/m.test(readFileSync(lock, "utf8"))) return null;
  const migrations = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = path.join(dir, entry.name, "migration.sql");
    if (!existsSync(file)) return null;
    migrations.push({ name: entry.name, checksum: createHash("sha256").update(readFileSync(file)).digest("hex") });
  }
  return migrations;
}

/**
 * `{ upToDate: true }` only when every local migration has a finished, not rolled-back row with
 * its checksum, and no row is unfinished or unknown here; otherwise `{ upToDate: false, reason }`.
 * An unreachable database, a missing table or a schema other than public (where Prisma keeps its
 * table) is a reason too.
 * @param {string} url
 * @param {string} [dir]
 */
export async function migrationState(url, dir = MIGRATIONS_DIR) {
  const local = localMigrations(dir);
  if (!local) return { upToDate: false, reason: "prisma/migrations holds something deploy should check" };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, query_timeout: 5000 });
  try {
    await client.connect();
    const { rows: where } = await client.query("SELECT current_schema() AS schema, to_regclass('public._prisma_migrations') IS NOT NULL AS present");
    if (where[0].schema !== "public") return { upToDate: false, reason: `the connection's schema is ${where[0].schema}` };
    if (!where[0].present) return { upToDate: false, reason: "the database has no migration history" };
    const { rows } = await client.query(
      "SELECT migration_name AS name, checksum, finished_at IS NOT NULL AS finished, rolled_back_at IS NOT NULL AS rolled_back FROM public._prisma_migrations",
    );
    const unfinished = rows.find((row) => !row.finished && !row.rolled_back);
    if (unfinished) return { upToDate: false, reason: `migration ${unfinished.name} is unfinished or failed` };
    const applied = new Map(rows.filter((row) => row.finished && !row.rolled_back).map((row) => [row.name, row.checksum]));
    const missing = local.find((migration) => applied.get(migration.name) !== migration.checksum);
    if (missing) return { upToDate: false, reason: `migration ${missing.name} is ${applied.has(missing.name) ? "applied with another checksum" : "pending"}` };
    const names = new Set(local.map((migration) => migration.name));
    const unknown = [...applied.keys()].find((name) => !names.has(name));
    if (unknown) return { upToDate: false, reason: `the database records migration ${unknown}, which prisma/migrations lacks` };
    return { upToDate: true, reason: `all ${local.length} migrations applied` };
  } catch (error) {
    return { upToDate: false, reason: `could not read the migration history (${error.code ?? error.message})` };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * npm start's migration step: deploy unless migrationState() is sure nothing is pending.
 * Returns whether deploy ran.
 * @param {string} url
 * @param {{ deploy?: (url: string) => void, dir?: string, log?: (line: string) => void }} [options]
 */
export async function ensureMigrated(url, { deploy = deployMigrations, dir = MIGRATIONS_DIR, log = console.log } = {}) {
  const state = await migrationState(url, dir);
  if (state.upToDate) {
    log(`Database schema is current (${state.reason}); not running prisma migrate deploy.`);
    return false;
  }
  log(`Running prisma migrate deploy: ${state.reason}.`);
  deploy(url);
  return true;
}
