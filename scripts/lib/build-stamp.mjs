import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./steps.mjs";

// `npm run demo` skips `next build` when the build in .next was made from the same sources, so a
// restart serves in seconds instead of minutes. "Same" is a hash of every file's path and content
// except those that cannot change what the build holds (listed here); better a needless rebuild
// than a stale one, so anything new counts by default.
const NOT_BUILT = new Set(["node_modules", ".next", ".data", ".git", ".ci", "test-results", "tests", "docs", "examples", "mcp", "lib/generated", "sdk/dist", "sdk/test"]);
const STAMP = path.join(ROOT, ".next", "tollgate-sources.sha256");

function sourcesHash() {
  const hash = createHash("sha256");
  const walk = (dir) => {
    for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (NOT_BUILT.has(relative) || relative.endsWith(".md") || relative.endsWith(".tsbuildinfo")) continue;
      if (entry.isDirectory()) walk(relative);
      else if (entry.isFile()) hash.update(`${relative}\0`).update(readFileSync(path.join(ROOT, relative))).update("\0");
    }
  };
  walk("");
  return hash.digest("hex");
}

/** True when .next holds a build of exactly the current sources. */
export function buildIsCurrent() {
  if (!existsSync(path.join(ROOT, ".next", "BUILD_ID")) || !existsSync(STAMP)) return false;
  return readFileSync(STAMP, "utf8").trim() === sourcesHash();
}

/** Records that the build in .next was made from the current sources. */
export function stampBuild() {
  writeFileSync(STAMP, sourcesHash());
}
