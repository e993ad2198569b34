import { execFileSync } from "node:child_process";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Vitest global setup of the e2e project: compiles sdk/ to sdk/dist, which the examples (run as
 * child processes) and the packaging test import as `@tollgate/sdk`, exactly as users do.
 */
export default function setup() {
  execFileSync(path.join(ROOT, "node_modules/.bin/tsc"), ["-p", "sdk"], { cwd: ROOT, stdio: "pipe" });
}
