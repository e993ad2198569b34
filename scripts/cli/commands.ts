import type { Command } from "./command";

interface Entry {
  summary: string;
  /** Loaded on use, so `bootstrap` alone pulls in Prisma and the API commands start fast. */
  load: () => Promise<Command>;
}

/** Every command by its full name; two-word names are a group and its verb. */
export const COMMANDS: Record<string, Entry> = {
  bootstrap: { summary: "create an organization and its first admin (self-host, no HTTP)", load: async () => (await import("./bootstrap")).bootstrap },
  login: { summary: "get a personal access token and save it", load: async () => (await import("./login")).login },
  logout: { summary: "revoke the saved token and delete it", load: async () => (await import("./logout")).logout },
  whoami: { summary: "who the token is, and where", load: async () => (await import("./whoami")).whoami },
  "approvals list": { summary: "the approval queue as a table", load: async () => (await import("./approvals-list")).approvalsList },
  approve: { summary: "approve a pending intent", load: async () => (await import("./resolve-approval")).approve },
  reject: { summary: "reject a pending intent", load: async () => (await import("./resolve-approval")).reject },
  "intents list": { summary: "intents, filtered by status, action or agent", load: async () => (await import("./intents-list")).intentsList },
  "intents show": { summary: "one intent with its decisions log", load: async () => (await import("./intents-show")).intentsShow },
  "policy apply": { summary: "save a policy file (or --dry-run it against recorded intents)", load: async () => (await import("./policy-apply")).policyApply },
  "policy show": { summary: "the active policy document", load: async () => (await import("./policy-show")).policyShow },
  "audit verify": { summary: "verify the audit chain and its signed checkpoints (on the server and locally, or an export offline)", load: async () => (await import("./audit-verify")).auditVerify },
  "receipt verify": { summary: "verify an execution receipt offline with the JWK Set", load: async () => (await import("./receipt-verify")).receiptVerify },
  "mail show": { summary: "print an account mail that was held (no SMTP_URL) or is still queued (database, no HTTP)", load: async () => (await import("./mail-show")).mailShow },
  "keys rotate": { summary: "make a new signing key current; the old one stays published (database, no HTTP)", load: async () => (await import("./keys-rotate")).keysRotate },
};

/** The command named by the first one or two words, and the arguments after it. */
export function findCommand(argv: string[]): { name: string; entry: Entry; rest: string[] } | undefined {
  const two = argv.slice(0, 2).join(" ");
  if (COMMANDS[two]) return { name: two, entry: COMMANDS[two], rest: argv.slice(2) };
  const one = argv[0];
  if (one && COMMANDS[one]) return { name: one, entry: COMMANDS[one], rest: argv.slice(1) };
  return undefined;
}

/** `npm run cli -- --help`, or the verbs of a group (`npm run cli -- policy`). */
export function overview(group?: string): string {
  const names = Object.keys(COMMANDS).filter((name) => !group || name.startsWith(`${group} `));
  const width = Math.max(...names.map((n) => n.length));
  const lines = names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name].summary}`);
  return `usage: npm run cli -- <command> [options]   (each command takes --help)

commands:
${lines.join("\n")}

API commands use the login saved by \`login\` (at $TOLLGATE_CONFIG, default ~/.config/tollgate/credentials.json),
or TOLLGATE_TOKEN and TOLLGATE_URL from the environment. Exit codes: 0 done, 1 refused or failed, 2 bad usage.
`;
}

export const isGroup = (word: string | undefined) => !!word && Object.keys(COMMANDS).some((name) => name.startsWith(`${word} `));
