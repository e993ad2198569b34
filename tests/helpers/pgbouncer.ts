import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/** Debian's pgbouncer package puts it in /usr/sbin (not on a normal user's PATH). */
const BINARY = process.env.PGBOUNCER_PATH ?? "/usr/sbin/pgbouncer";

/** A PgBouncer of our own on loopback, in transaction-pooling mode, in front of one PostgreSQL server. */
export interface PgBouncer {
  port: number;
  /** `directUrl` (a database on the fronted server) as reached through this PgBouncer. */
  url(directUrl: string): string;
  /** A statement on the admin console (SHOW POOLS, SHOW STATS…): rows as objects. */
  admin<Row = Record<string, unknown>>(command: string): Promise<Row[]>;
  /** Everything PgBouncer logged so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  /** Server connections per database and user: small, so that clients really share them. */
  poolSize?: number;
}

/**
 * Starts PgBouncer (the version Debian ships: 1.18, which keeps no prepared statements across
 * clients in transaction mode) on a free loopback port with a generated configuration, trusting
 * the fronted server's user `postgres`. Never a system service: it lives as long as the test.
 */
export async function startPgBouncer(serverUrl: string, { poolSize = 2 }: PgBouncerOptions = {}): Promise<PgBouncer> {
  if (!existsSync(BINARY)) {
    throw new Error(`${BINARY} is missing: install Debian's pgbouncer package (apt-get install -y pgbouncer), or set PGBOUNCER_PATH`);
  }
  const server = new URL(serverUrl);
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), "tollgate-pgbouncer-"));
  // Run as root, PgBouncer switches to the postgres user (it refuses to run as root), which must read these.
  await chmod(dir, 0o755);
  await writeFile(path.join(dir, "userlist.txt"), '"postgres" ""\n');
  await writeFile(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${server.hostname} port=${server.port || 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      "admin_users = postgres",
      "pool_mode = transaction",
      `default_pool_size = ${poolSize}`,
      "max_client_conn = 500",
      "",
    ].join("\n"),
  );
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(BINARY, [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const url = (directUrl: string) => {
    const through = new URL(directUrl);
    through.hostname = "127.0.0.1";
    through.port = String(port);
    return through.toString();
  };
  const admin = async <Row>(command: string) => {
    // The admin console speaks the simple query protocol only: no parameters.
    const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "pgbouncer" });
    await client.connect();
    try {
      return (await client.query(command)).rows as Row[];
    } finally {
      await client.end();
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}):\n${output}`);
    try {
      await admin("SHOW VERSION");
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`pgbouncer did not answer on 127.0.0.1:${port} (${(error as Error).message}):\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { port, url, admin, log: () => output, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
