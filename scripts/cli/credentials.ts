import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { CliError } from "./command";

/** What `login` saves: enough to call the API again as that member. */
export interface Credentials {
  url: string;
  token: string;
  org_id: string;
}

/** $TOLLGATE_CONFIG, else ~/.config/tollgate/credentials.json. */
export function credentialsPath(env: Record<string, string | undefined> = process.env): string {
  return env.TOLLGATE_CONFIG || path.join(homedir(), ".config", "tollgate", "credentials.json");
}

export function readCredentials(file = credentialsPath()): Credentials | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    const value = JSON.parse(text) as Partial<Credentials>;
    if (typeof value.url === "string" && typeof value.token === "string" && typeof value.org_id === "string") {
      return { url: value.url, token: value.token, org_id: value.org_id };
    }
  } catch {
    // reported below
  }
  throw new CliError(`${file} is not a Tollgate credentials file; run logout, then login again`);
}

/**
 * Written to a temporary file created with mode 0600 and renamed into place, so the token is
 * never readable by others, not even for a moment, and a crash never leaves half a file.
 */
export function writeCredentials(credentials: Credentials, file = credentialsPath()): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // the mode above is subject to the umask; this is not
  renameSync(temporary, file);
}

/** True when there was a file to delete. */
export function removeCredentials(file = credentialsPath()): boolean {
  try {
    rmSync(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
