#!/usr/bin/env node
// The production HTTP server: the Next.js build behind node:http, so the app knows who is calling.
//   node scripts/serve.mjs [--port 3000]    (npm start and npm run demo use it)
// Next.js fills X-Forwarded-For from the socket only when a request has none, so a client could
// name any address it likes — and per-IP rate limits would key on it. This server therefore drops
// client-sent forwarding headers unless TRUST_PROXY_HOPS says how many proxies in front of it
// append to X-Forwarded-For; then the address those proxies saw is kept and the rest discarded.
// WEB_CONCURRENCY=n (default 1) runs n server processes sharing the port (node:cluster), one per
// core being the usual choice: one Node.js process uses one core. Each runs its own sweeper and
// webhook worker, which is safe (they coordinate through PostgreSQL, as separate instances do).
import cluster from "node:cluster";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import next from "next";
import { checkConfig, setting } from "../lib/config.mjs";
import { securityHeaders } from "./lib/security-headers.mjs";

const { values } = parseArgs({ options: { port: { type: "string" } } });
try {
  checkConfig(); // a bad setting stops the server here, not on the first request that reads it
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const port = values.port ? Number(values.port) : setting("PORT");
const trustedHops = setting("TRUST_PROXY_HOPS");

/** The client address: the socket's, or the one the trusted proxies recorded. */
function clientAddress(req) {
  const socket = req.socket.remoteAddress ?? "unknown";
  if (trustedHops <= 0) return socket;
  const chain = String(req.headers["x-forwarded-for"] ?? "").split(",").map((part) => part.trim()).filter(Boolean);
  // Each trusted proxy appended the address it saw; the last one is this server's peer itself.
  return chain[chain.length - trustedHops] ?? socket;
}

const processes = setting("WEB_CONCURRENCY");
if (processes > 1 && cluster.isPrimary) {
  superviseWorkers(processes);
} else {
  await serve();
}

/** The primary only forks, restarts a worker that died, and passes SIGINT/SIGTERM on. */
function superviseWorkers(count) {
  let stopping = false;
  // Workers run this file, also when `npm start` (scripts/start.mjs) imported it.
  cluster.setupPrimary({ exec: fileURLToPath(import.meta.url) });
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`[serve] worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    setTimeout(() => cluster.fork(), 1000);
  });
  for (const name of ["SIGINT", "SIGTERM"]) {
    process.on(name, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(name);
      setTimeout(() => process.exit(0), 5000).unref();
    });
  }
}

/** One HTTP server process (the only one unless WEB_CONCURRENCY > 1). */
async function serve() {
  const app = next({ dev: false, dir: new URL("..", import.meta.url).pathname, port });
  const handle = app.getRequestHandler();
  await app.prepare();

  // CSP, frame-ancestors, nosniff, Referrer-Policy and (for an https public URL) HSTS on every
  // response; Next.js keeps headers set before it handles the request (scripts/lib/security-headers.mjs).
  const headers = securityHeaders();
  const server = createServer((req, res) => {
    req.headers["x-forwarded-for"] = clientAddress(req);
    for (const [name, value] of headers) res.setHeader(name, value);
    handle(req, res);
  });
  server.listen(port, () => console.log(`Tollgate listening on http://localhost:${port}`));
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      server.close(() => process.exit(0));
      // Long-polls and event streams hold connections open; do not wait for them forever.
      setTimeout(() => process.exit(0), 3000).unref();
      server.closeAllConnections?.();
    });
  }
  // A worker whose primary is gone (killed with SIGKILL, say) must not keep the port.
  if (cluster.isWorker) process.on("disconnect", () => process.exit(0));
}
