#!/usr/bin/env node
// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) persisted under a folder and
// served over the PostgreSQL wire protocol, so the app, Prisma and psql talk to it like a server.
// usage: node scripts/pglite-server.mjs <data-dir> <port>
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const [dataDir = ".data/pglite", port = "54329"] = process.argv.slice(2);
const db = await PGlite.create(dataDir);
// PGlite is a single-connection database: one client at a time (the app uses a pool of one).
const server = new PGLiteSocketServer({ db, port: Number(port), host: "127.0.0.1", maxConnections: 1 });
await server.start();
console.log(`[pglite] serving ${dataDir} on 127.0.0.1:${port}`);

async function shutdown() {
  await server.stop().catch(() => {});
  await db.close().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
