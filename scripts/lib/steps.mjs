import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";
process.env.PRISMA_HIDE_UPDATE_MESSAGE = "1";

/** Runs a command in the repo root, inheriting stdio; exits this process if it fails. */
export function run(command, args, env = {}) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    throw new StepFailed(`${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})`, result.status ?? 1);
  }
}

/** `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureInstalled() {
  const marker = path.join(ROOT, "node_modules/.package-lock.json");
  const lock = path.join(ROOT, "package-lock.json");
  const stale = !existsSync(marker) || statMtime(lock) > statMtime(marker);
  if (stale) run("npm", ["ci", "--no-audit", "--no-fund"]);
}

function statMtime(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export class StepFailed extends Error {
  constructor(message, exitCode) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Runs `main`, turning a failed step into a one-line message and its exit code. */
export async function main(body) {
  try {
    await body();
  } catch (error) {
    console.error(`\n✗ ${error.message}`);
    process.exit(error instanceof StepFailed ? error.exitCode : 1);
  }
}

/** Browser tests drive Debian's Chromium (no browser downloads here): install it when missing. */
export function ensureChromium() {
  const binary = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(binary)) return;
  if (process.getuid?.() !== 0) throw new StepFailed(`${binary} is missing: install Debian's chromium package (apt-get install chromium)`, 1);
  run("apt-get", ["update", "-q"]);
  run("apt-get", ["install", "-y", "-q", "chromium"]);
}
