import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { newcomerEnv } from "./demo-process";

/**
 * The README's "Quick start" section, read from the README itself so it cannot drift: its first
 * bash block (the demo command) and the blocks after it as one script, with the `# → …` comment at
 * the end of a line as what that line prints.
 */
export function readQuickStart(readme: string): { demoCommand: string; script: string; expected: string[] } {
  const start = readme.indexOf("\n## Quick start\n");
  if (start < 0) throw new Error('README has no "## Quick start" section');
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length < 2) throw new Error("the quick start needs the demo command and at least one block to paste");
  const script = blocks.slice(1).join("\n");
  const expected = [...script.matchAll(/#\s*→\s*(.+)$/gm)].map((m) => m[1].trim());
  return { demoCommand: blocks[0].trim(), script, expected };
}

/**
 * Runs the quick start in `dir` (the demo's folder) against the demo on `port`, as pasted into bash
 * with `set -euo pipefail`: a curl answered with an HTTP error fails the script (curl is wrapped with
 * --fail-with-body; the README's own lines are not changed but for the port).
 */
export async function runQuickStart(dir: string, port: number): Promise<{ stdout: string; expected: string[] }> {
  const { demoCommand, script, expected } = readQuickStart(readFileSync(path.join(dir, "README.md"), "utf8"));
  if (demoCommand !== "npm run demo") throw new Error(`the quick start starts with "${demoCommand}", not the command this test ran`);
  const strict = `set -euo pipefail\ncurl() { command curl --fail-with-body "$@"; }\n${script.replaceAll("localhost:3000", `localhost:${port}`)}`;
  try {
    const { stdout } = await promisify(execFile)("bash", ["-c", strict], { cwd: dir, env: newcomerEnv(), timeout: 120_000 });
    return { stdout, expected };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`the README's quick start failed: ${failed.message}\nstdout:\n${failed.stdout}\nstderr:\n${failed.stderr}`);
  }
}
