// Prisma CLI config: the WebAssembly schema engine (engine "js") driven through the pg adapter,
// so `prisma generate` and `prisma migrate` need no native binary download (README, "Database").
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { NameAsTextClient, databaseUrl, directDatabaseUrl, poolConfig } from "./lib/db/pg-config";

// The schema's datasource url must resolve even for `prisma generate`, which never connects.
process.env.DATABASE_URL ||= databaseUrl();

// Direct, never through a transaction pooler: migrate holds a session advisory lock while it runs.
const cliPoolConfig = (): pg.PoolConfig => ({
  ...poolConfig(directDatabaseUrl(), Number(process.env.DB_POOL_MAX ?? 2)),
  Client: NameAsTextClient,
  // The CLI never closes its pool; without this an idle connection holds the process open for 30 s.
  allowExitOnIdle: true,
});

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
/** ColumnTypeEnum.Character of @prisma/driver-adapter-utils; the pg adapter never reports it itself. */
const CHARACTER_COLUMN = 6;

/**
 * The schema engine reads pg_constraint.contype (a `"char"`) only as a character (`get_expect_char`):
 * as the text NameAsTextClient reports, it panics (`RuntimeError: unreachable`) once any CHECK
 * constraint exists. A text column 1 byte wide was a `"char"` (text is -1): report it as Character.
 */
function withCharColumns(adapter: PgAdapter): PgAdapter {
  const io = adapter as unknown as { performIO(query: unknown): Promise<pg.QueryArrayResult> };
  const performIO = io.performIO.bind(adapter);
  const charColumns = new WeakMap<object, number[]>();
  io.performIO = async (query) => {
    const res = await performIO(query);
    // A script of several statements (executeRaw) answers an array of results: nothing to mark.
    if (!Array.isArray(res.fields)) return res;
    const columns = res.fields.flatMap((f, i) => (f.dataTypeID === 25 && f.dataTypeSize === 1 ? [i] : []));
    if (columns.length > 0) charColumns.set(res.rows, columns);
    return res;
  };
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const i of charColumns.get(result.rows) ?? []) result.columnTypes[i] = CHARACTER_COLUMN;
    return result;
  };
  return adapter;
}

/**
 * The stock adapter drops its shadow database while its own pool still holds a connection to it,
 * so `migrate diff --from-migrations` fails with "being accessed by other users". Close first, then drop.
 */
class CliPrismaPg extends PrismaPg {
  override async connect() {
    return withCharColumns(await super.connect());
  }

  override async connectToShadowDb() {
    const admin = new pg.Pool(cliPoolConfig());
    const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const shadowPool = new pg.Pool({ ...cliPoolConfig(), database });
    const adapter = withCharColumns(await new PrismaPg(shadowPool).connect());
    adapter.dispose = async () => {
      await shadowPool.end();
      await admin.query(`DROP DATABASE IF EXISTS "${database}"`);
      await admin.end();
    };
    return adapter;
  }
}

export default defineConfig({
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  adapter: async () => new CliPrismaPg(new pg.Pool(cliPoolConfig())),
});
