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

/**
 * The stock adapter drops its shadow database while its own pool still holds a connection to it,
 * so `migrate diff --from-migrations` fails with "being accessed by other users". Close first, then drop.
 */
class CliPrismaPg extends PrismaPg {
  override async connectToShadowDb() {
    const admin = new pg.Pool(cliPoolConfig());
    const database = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
    await admin.query(`CREATE DATABASE "${database}"`);
    const shadowPool = new pg.Pool({ ...cliPoolConfig(), database });
    const adapter = await new PrismaPg(shadowPool).connect();
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
