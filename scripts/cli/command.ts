import { type ParseArgsConfig, parseArgs } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: true }>>["values"];

/** One `npm run cli -- <name> …` command: its help text, its flags and what it does. */
export interface Command<O extends Options = Options> {
  /** e.g. "approve <intent_id> --reason <text> [--note <text>] [--json]" (after `npm run cli --`). */
  usage: string;
  /** What it does and what each flag means; shown by --help. */
  help: string;
  options: O;
  /** Names of the positional arguments it requires, in order. */
  positionals?: string[];
  /** Returns the exit code (default 0). */
  run(values: Values<O>, positionals: string[]): Promise<number | undefined>;
}

export const defineCommand = <O extends Options>(command: Command<O>): Command<O> => command;

/** Wrong or missing arguments: exit code 2 with the command's usage. */
export class UsageError extends Error {}

/** A failure that is not the API's: not logged in, an unreadable file, … (exit code 1 unless given). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function parseCommand<O extends Options>(command: Command<O>, argv: string[]) {
  let parsed: { values: Values<O>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { ...command.options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: true }) as never;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) return { help: true as const };
  const expected = command.positionals ?? [];
  if (parsed.positionals.length < expected.length) throw new UsageError(`missing <${expected[parsed.positionals.length]}>`);
  if (parsed.positionals.length > expected.length) throw new UsageError(`unexpected argument "${parsed.positionals[expected.length]}"`);
  return { help: false as const, values: parsed.values, positionals: parsed.positionals };
}

export const helpText = (command: Command) => `usage: npm run cli -- ${command.usage}\n\n${command.help.trim()}\n`;
