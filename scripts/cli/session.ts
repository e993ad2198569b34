import { Tollgate } from "@tollgate/sdk";
import { CliError } from "./command";
import { credentialsPath, readCredentials } from "./credentials";

export const DEFAULT_URL = "http://localhost:3000";
export const USER_AGENT = "tollgate-cli/0.1.0";

export interface Session {
  client: Tollgate;
  url: string;
  /** Where the token came from, for whoami: "TOLLGATE_TOKEN" or the credentials file's path. */
  source: string;
}

const normalize = (url: string) => url.replace(/\/+$/, "");

/**
 * The API client for commands that need a member: the token from TOLLGATE_TOKEN, else the saved
 * login; the URL from TOLLGATE_URL, else the saved login's, else localhost:3000.
 */
export function openSession(env: Record<string, string | undefined> = process.env): Session {
  const envUrl = env.TOLLGATE_URL ? normalize(env.TOLLGATE_URL) : undefined;
  if (env.TOLLGATE_TOKEN) {
    const url = envUrl ?? DEFAULT_URL;
    return { client: new Tollgate({ baseUrl: url, token: env.TOLLGATE_TOKEN, userAgent: USER_AGENT }), url, source: "TOLLGATE_TOKEN" };
  }
  const file = credentialsPath(env);
  const saved = readCredentials(file);
  if (!saved) throw new CliError("not logged in: run `npm run cli -- login --url <url> --email <email> --password <password>`, or set TOLLGATE_TOKEN");
  // The saved token belongs to the server it came from; never send it to another one.
  if (envUrl && envUrl !== normalize(saved.url)) {
    throw new CliError(`the saved login is for ${saved.url} but TOLLGATE_URL is ${envUrl}: log in there, or set TOLLGATE_TOKEN`);
  }
  const url = normalize(saved.url);
  return { client: new Tollgate({ baseUrl: url, token: saved.token, userAgent: USER_AGENT }), url, source: file };
}
