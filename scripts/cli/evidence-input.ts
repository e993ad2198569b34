import { readFileSync } from "node:fs";
import type { JwksSource } from "@tollgate/sdk";
import { CliError } from "./command";
import { credentialsPath, readCredentials } from "./credentials";

/** A file's text, or a clear error (exit code 1) naming it. */
export function readInput(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export function readJson(file: string): unknown {
  const text = readInput(file);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError(`${file} is not JSON`);
  }
}

/**
 * The keys to verify with: `--jwks` as a URL (fetched) or a file holding the JWK Set; without it,
 * the JWK Set of the server at TOLLGATE_URL or of the saved login (public, no token is sent).
 */
export function jwksSource(option: string | undefined, env: Record<string, string | undefined> = process.env): JwksSource {
  if (option && /^https?:\/\//.test(option)) return option;
  if (option) {
    const set = readJson(option) as { keys?: unknown };
    if (!set || !Array.isArray(set.keys)) throw new CliError(`${option} is not a JWK Set (expected {"keys": [...]})`);
    return set as JwksSource;
  }
  const url = env.TOLLGATE_URL ?? readCredentials(credentialsPath(env))?.url;
  if (!url) throw new CliError("no keys to verify with: pass --jwks <url|file> (GET /.well-known/jwks.json of the Tollgate that signed)");
  return `${url.replace(/\/+$/, "")}/.well-known/jwks.json`;
}
