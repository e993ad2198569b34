import { hostname } from "node:os";
import { Tollgate } from "@tollgate/sdk";
import { UsageError, defineCommand } from "./command";
import { credentialsPath, writeCredentials } from "./credentials";
import { DEFAULT_URL, USER_AGENT } from "./session";

export const login = defineCommand({
  usage: "login --url <url> --email <email> (--password <password> | --password-stdin) [--org <org_id>] [--print-token]",
  help: `
Exchanges a member's email and password for a personal access token (POST /api/v1/auth/token)
and saves {url, token, org_id} to $TOLLGATE_CONFIG (default ~/.config/tollgate/credentials.json),
readable by you alone (mode 0600). Later commands use it. The token is never printed unless you
ask with --print-token (then it alone goes to stdout, the rest to stderr).

  --url             the Tollgate app (default: TOLLGATE_URL, else ${DEFAULT_URL})
  --email           your email
  --password        your password (visible to other local users in the process list; prefer --password-stdin)
  --password-stdin  read the password from standard input
  --org             the organization id, when you are a member of several (default: your first)
  --print-token     also print the token`,
  options: {
    url: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    "password-stdin": { type: "boolean" },
    org: { type: "string" },
    "print-token": { type: "boolean" },
  },
  async run(values) {
    if (!values.email) throw new UsageError("--email is required");
    if (values.password !== undefined && values["password-stdin"]) throw new UsageError("give --password or --password-stdin, not both");
    const password = values["password-stdin"] ? (await readStdin()).replace(/\r?\n$/, "") : values.password;
    if (!password) throw new UsageError("--password (or --password-stdin) is required");
    const url = (values.url ?? process.env.TOLLGATE_URL ?? DEFAULT_URL).replace(/\/+$/, "");

    const client = new Tollgate({ baseUrl: url, userAgent: USER_AGENT });
    const issued = await client.auth.createToken({ email: values.email, password, org_id: values.org, name: `cli@${hostname()}`.slice(0, 100) });
    const file = credentialsPath();
    writeCredentials({ url, token: issued.token, org_id: issued.org_id }, file);

    const message = `Logged in to ${url} as ${values.email} (${issued.role}) in organization ${issued.org_id}.\nToken saved to ${file}; it expires ${issued.expires_at}.`;
    if (values["print-token"]) {
      console.error(message);
      console.log(issued.token);
    } else console.log(message);
    return 0;
  },
});

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text;
}
