import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const BIN = "/usr/lib/postgresql/15/bin";

/**
 * A throwaway PostgreSQL 15 cluster of its own (initdb in a temp dir, trust auth, its own port),
 * for tests that restart or crash the database without disturbing the shared server other suites
 * use. PostgreSQL refuses to run as root, so when the tests run as root the cluster runs as the
 * `postgres` system user.
 */
export interface PgCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** `immediate` is a crash (no shutdown checkpoint: WAL recovery on start); `fast` a clean stop. */
  restart(mode: "fast" | "immediate", downMs?: number): Promise<void>;
  stop(): void;
}

function asPostgres(command: string, args: string[]): string {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  return execFileSync(file, argv, { stdio: "pipe", encoding: "utf8" });
}

export function startPgCluster(port: number): PgCluster {
  const dir = mkdtempSync(path.join(tmpdir(), "tollgate-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const log = path.join(dir, "log");
  asPostgres(`${BIN}/initdb`, ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on`;
  const ctl = (...args: string[]) => asPostgres(`${BIN}/pg_ctl`, ["-D", data, "-l", log, "-w", ...args]);
  ctl("-o", options, "start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async restart(mode, downMs = 0) {
      ctl("-m", mode, "stop");
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      ctl("-o", options, "start");
    },
    stop() {
      try {
        ctl("-m", "immediate", "stop");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
