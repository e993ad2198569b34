import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR, deployMigrations, ensureMigrated, localMigrations, migrationState } from "../../scripts/lib/pending-migrations.mjs";

// Issue 16: `npm start` ran `prisma migrate deploy` on every start (12.7 s of its 15). It now asks
// the database first (scripts/lib/pending-migrations.mjs) and deploys only when something is or may
// be pending. These run start's own step (ensureMigrated, with start's deploy) against real
// PostgreSQL databases in each state; `deploy` is wrapped to see whether it ran.

const ROOT = path.resolve(import.meta.dirname, "../..");
const PRISMA = path.join(ROOT, "node_modules/.bin/prisma");
const server = new URL(process.env.DATABASE_URL as string);
server.pathname = "/postgres";

const created: string[] = [];
const scratch: string[] = [];
afterAll(async () => {
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

async function emptyDatabase(): Promise<string> {
  const name = `tollgate_start_${Date.now()}_${created.length}`;
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  created.push(name);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

async function sql<T = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** ensureMigrated as npm start calls it, recording whether deploy ran (`real` runs start's deploy). */
async function start(url: string, real: boolean) {
  const deploys: string[] = [];
  const lines: string[] = [];
  const ran = await ensureMigrated(url, {
    deploy: (target: string) => {
      deploys.push(target);
      if (real) deployMigrations(target);
    },
    log: (line: string) => lines.push(line),
  });
  return { ran, deploys, lines };
}

const names = () => (localMigrations() ?? []).map((m) => m.name).sort();
const newest = () => names().at(-1) as string;

/** A database with every migration but the newest applied by Prisma itself (its config pointed at a copy without it). */
async function databaseMissingNewest(): Promise<string> {
  const url = await emptyDatabase();
  const dir = mkdtempSync(path.join(tmpdir(), "tollgate-start-"));
  scratch.push(dir);
  mkdirSync(path.join(dir, "migrations"));
  for (const entry of readdirSync(MIGRATIONS_DIR)) {
    if (entry !== newest()) cpSync(path.join(MIGRATIONS_DIR, entry), path.join(dir, "migrations", entry), { recursive: true });
  }
  const config = path.join(dir, "prisma.config.ts");
  writeFileSync(
    config,
    `import base from ${JSON.stringify(path.join(ROOT, "prisma.config.ts"))};\n` +
      `export default { ...base, schema: ${JSON.stringify(path.join(ROOT, "prisma/schema.prisma"))}, migrations: { path: ${JSON.stringify(path.join(dir, "migrations"))} } };\n`,
  );
  execFileSync(PRISMA, ["migrate", "deploy", "--config", config], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: "1" }, stdio: "pipe" });
  return url;
}

const applied = (url: string) =>
  sql<{ migration_name: string }>(url, "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1").then((rows) =>
    rows.map((r) => r.migration_name),
  );

describe("npm start's migration step", () => {
  // A database with no migration history, started once: deploy must run and apply everything.
  // Fully migrated that way, it is then the template of the fail-closed cases below.
  let migrated: string;
  let firstStart: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    migrated = await emptyDatabase();
    firstStart = await start(migrated, true);
  }, 120_000);

  it("does not run prisma migrate deploy when every migration is applied", async () => {
    // This run's database was migrated by `prisma migrate deploy` in the global setup.
    const url = process.env.DATABASE_URL as string;
    expect(await applied(url)).toEqual(names());
    const result = await start(url, false);
    expect(result.deploys).toEqual([]);
    expect(result.ran).toBe(false);
    expect(result.lines.join("\n")).toMatch(/not running prisma migrate deploy/);
  });

  it("runs it on a database with no migration history, and the schema ends up applied", async () => {
    expect(firstStart.deploys).toEqual([migrated]);
    expect(firstStart.lines.join("\n")).toMatch(/no migration history/);
    expect(await applied(migrated)).toEqual(names());
    const tables = await sql<{ n: number }>(migrated, "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('intents', 'organizations')");
    expect(tables[0].n).toBe(2);
    expect((await start(migrated, false)).deploys).toEqual([]);
  });

  it("runs it when one migration is missing, and the schema ends up applied", async () => {
    const url = await databaseMissingNewest();
    expect(await applied(url)).toEqual(names().slice(0, -1));
    const result = await start(url, true);
    expect(result.deploys).toEqual([url]);
    expect(result.lines.join("\n")).toContain(`migration ${newest()} is pending`);
    expect(await applied(url)).toEqual(names());
    // Applied means applied: a second start finds nothing to do.
    expect((await start(url, false)).deploys).toEqual([]);
  }, 120_000);

  describe("fails closed: any doubt runs deploy", () => {
    /** A copy of the migrated database (its history exactly as Prisma wrote it), changed by `change`, then started. */
    async function afterChange(change: string, params: unknown[] = []) {
      const name = `tollgate_start_${Date.now()}_${created.length}`;
      await sql(server.toString(), `CREATE DATABASE "${name}" TEMPLATE "${new URL(migrated).pathname.slice(1)}"`);
      created.push(name);
      const url = new URL(server);
      url.pathname = `/${name}`;
      if (change) await sql(url.toString(), change, params);
      return { url: url.toString(), result: await start(url.toString(), false), state: await migrationState(url.toString()) };
    }

    it("the untouched copy is current (so each change below is what makes the difference)", async () => {
      const { result, state } = await afterChange("");
      expect(result.deploys).toEqual([]);
      expect(state.upToDate).toBe(true);
    });

    it.each([
      ["a failed (unfinished) row", "UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1", /unfinished or failed/],
      ["a missing row", "DELETE FROM _prisma_migrations WHERE migration_name = $1", /is pending/],
      ["a rolled-back row", "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1", /is pending/],
      ["a changed checksum", "UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = $1", /another checksum/],
      [
        "a row prisma/migrations lacks (a newer release's)",
        "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, applied_steps_count) VALUES (gen_random_uuid()::text, repeat('a', 64), now(), $1 || '_newer', 1)",
        /lacks/,
      ],
      ["no history table", "DROP TABLE _prisma_migrations", /no migration history/],
    ])("%s", async (_what, change, reason) => {
      const { result, state } = await afterChange(change, change.includes("$1") ? [names()[0]] : []);
      expect(result.deploys).toHaveLength(1);
      expect(state).toMatchObject({ upToDate: false, reason: expect.stringMatching(reason) });
    });

    it("a database it cannot reach", async () => {
      const result = await start("postgres://postgres@127.0.0.1:1/nowhere", false);
      expect(result.deploys).toHaveLength(1);
      expect(result.lines.join("\n")).toMatch(/could not read the migration history/);
    });

    it("and a failed row stops start with deploy's own report instead of serving", async () => {
      const { url } = await afterChange("UPDATE _prisma_migrations SET finished_at = NULL, logs = 'boom' WHERE migration_name = $1", [newest()]);
      await expect(start(url, true)).rejects.toThrow(/prisma migrate deploy failed/);
    }, 120_000);
  });
});
