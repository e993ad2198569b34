// `npm run cli -- <command> …`: Tollgate from the terminal. `bootstrap` writes the database
// directly (self-host setup); every other command is a client of the REST API through the SDK.
// This file only dispatches: each command lives in scripts/cli/<command>.ts with its --help.
import { type Command, helpText, parseCommand } from "./cli/command";
import { findCommand, isGroup, overview } from "./cli/commands";
import { reportError } from "./cli/report-error";

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    (argv.length === 0 ? process.stderr : process.stdout).write(overview());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    if (isGroup(argv[0])) {
      process.stderr.write(`error: ${argv[1] ? `unknown command "${argv[0]} ${argv[1]}"` : `"${argv[0]}" needs a verb`}\n\n${overview(argv[0])}`);
    } else process.stderr.write(`error: unknown command "${argv[0]}"\n\n${overview()}`);
    return 2;
  }
  const command: Command = await found.entry.load();
  try {
    const parsed = parseCommand(command, found.rest);
    if (parsed.help) {
      process.stdout.write(helpText(command));
      return 0;
    }
    return (await command.run(parsed.values, parsed.positionals)) ?? 0;
  } catch (error) {
    return reportError(error, command.usage);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`error: ${String(error)}`);
    process.exitCode = 1;
  },
);
