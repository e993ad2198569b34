import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { waitForPort } from "../../scripts/lib/database.mjs";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Vitest global setup of the `embedded` project: the integration suites listed in vitest.config.ts
 * run a second time against the embedded database the demo uses (scripts/pglite-server.mjs on a
 * new folder, migrated with `prisma migrate deploy`), through the same code as on PostgreSQL.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "tollgate-embedded-"));
  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, "scripts/pglite-server.mjs"), dir, String(port)], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  const exited = new Promise((resolve) => server.once("exit", resolve));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitForPort(port, 60_000);
  execFileSync(path.join(ROOT, "node_modules/.bin/prisma"), ["migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  project.provide("databaseUrl", url);
  return async () => {
    server.kill("SIGTERM");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
    probe.once("error", reject);
  });
}
