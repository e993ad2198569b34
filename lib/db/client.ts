import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { UnnamedStatementsClient, behindPooler, databaseUrl, poolConfig } from "./pg-config";
import { setting } from "../config.mjs";

export type Db = PrismaClient;

/**
 * One pg pool and Prisma client per process (kept on globalThis so Next's dev reloads reuse it).
 * The embedded PGlite server takes any number of connections too (scripts/lib/shared-session-server.mjs),
 * so the demo runs with the same pool, idle timeout and named statements as production. Behind a
 * transaction pooler (pg-config.ts, behindPooler) the pool's statements are unnamed.
 */
const globalForDb = globalThis as unknown as { tollgateDb?: { prisma: PrismaClient; pool: pg.Pool } };

function create() {
  const pooled = behindPooler();
  const pool = new pg.Pool({ ...poolConfig(databaseUrl(), setting("DB_POOL_MAX")), ...(pooled ? { Client: UnnamedStatementsClient } : {}) });
  if (pooled) console.log("[db] DATABASE_URL goes through a pooler (DIRECT_DATABASE_URL differs): unnamed statements; LISTEN on the direct URL");
  // An idle client losing its server (a PostgreSQL restart) must not crash the process.
  pool.on("error", (error) => console.error("[db] idle client error:", error.message));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { prisma, pool };
}

export function db(): PrismaClient {
  globalForDb.tollgateDb ??= create();
  return globalForDb.tollgateDb.prisma;
}

export function pgPool(): pg.Pool {
  globalForDb.tollgateDb ??= create();
  return globalForDb.tollgateDb.pool;
}

export async function disconnectDb(): Promise<void> {
  const current = globalForDb.tollgateDb;
  globalForDb.tollgateDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end().catch(() => {});
  }
}
