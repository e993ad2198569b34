#!/usr/bin/env node
// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) persisted under a folder and
// served over the PostgreSQL wire protocol to any number of clients (the app's pools, its LISTEN
// connection, the CLI, psql), each with a session of its own on top of PGlite's single one
// (scripts/lib/shared-session-server.mjs).
// usage: node scripts/pglite-server.mjs <data-dir> <port>
// With PGLITE_STATE_FILE set, {url, pid, data_dir} is written there while serving, so the CLI can
// find the running demo's database and a second `npm run demo` reuses it instead of opening the
// same folder twice (PGlite must never have two processes on one data directory).
import { rmSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { setting } from "../lib/config.mjs";
import { SharedSessionServer } from "./lib/shared-session-server.mjs";

const [dataDir = ".data/pglite", port = "54329"] = process.argv.slice(2);
const stateFile = setting("PGLITE_STATE_FILE");
const db = await PGlite.create(dataDir);
const server = new SharedSessionServer({ db, idleInTransactionMs: setting("PGLITE_IDLE_IN_TRANSACTION_MS") });
const bound = await server.listen(Number(port), "127.0.0.1");
const url = `postgres://postgres@127.0.0.1:${bound}/postgres`;
if (stateFile) writeFileSync(stateFile, JSON.stringify({ url, pid: process.pid, data_dir: dataDir }));
console.log(`[pglite] serving ${dataDir} on 127.0.0.1:${bound}`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  if (stateFile) rmSync(stateFile, { force: true });
  await server.close().catch(() => {});
  await db.close().catch(() => {});
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
