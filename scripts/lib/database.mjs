import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { isSet, setting } from "../../lib/config.mjs";
import { ROOT } from "./steps.mjs";

export const DATA_DIR = path.join(ROOT, ".data");

/** TOLLGATE_SECRET from the environment, else one generated once and kept in .data/secret. */
export function ensureSecret() {
  if (isSet("TOLLGATE_SECRET")) return setting("TOLLGATE_SECRET");
  mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, "secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** Where a running embedded database says where it serves (scripts/pglite-server.mjs writes it). */
export const EMBEDDED_STATE_FILE = path.join(DATA_DIR, "embedded-database.json");

/** The embedded database serving .data/pglite right now, if one is: {url, pid}. */
export function runningEmbeddedDatabase(stateFile = EMBEDDED_STATE_FILE) {
  let state;
  try {
    state = JSON.parse(readFileSync(stateFile, "utf8"));
  } catch {
    return null;
  }
  try {
    process.kill(state.pid, 0);
    return state;
  } catch {
    return null; // its process died without removing the file
  }
}

/**
 * The database for the demo: DATABASE_URL when given; else the embedded PGlite database on
 * .data/pglite — the one already serving it (a second demo or CLI beside the first), or a server
 * started here as a child process. Returns the env the app and CLI need.
 */
export async function ensureDatabase() {
  if (isSet("DATABASE_URL")) return { env: { DATABASE_URL: setting("DATABASE_URL") }, stop: () => {} };
  const running = runningEmbeddedDatabase();
  if (running) {
    console.log(`[pglite] using the embedded database already served by process ${running.pid} (${running.url})`);
    return { env: { DATABASE_URL: running.url }, stop: () => {} };
  }
  const port = setting("PGLITE_PORT");
  mkdirSync(DATA_DIR, { recursive: true });
  const child = spawn(process.execPath, [path.join(ROOT, "scripts/pglite-server.mjs"), path.join(DATA_DIR, "pglite"), String(port)], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, PGLITE_STATE_FILE: EMBEDDED_STATE_FILE },
  });
  await waitForPort(port, 60_000);
  return {
    env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres` },
    stop: () => child.kill("SIGTERM"),
  };
}

export function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}
