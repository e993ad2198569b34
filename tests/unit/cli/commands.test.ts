import { describe, expect, it } from "vitest";
import { UsageError, parseCommand } from "../../../scripts/cli/command";
import { COMMANDS, findCommand } from "../../../scripts/cli/commands";
import { formatOf } from "../../../scripts/cli/policy-apply";
import { table } from "../../../scripts/cli/table";

describe("CLI command table", () => {
  it("every command loads, its usage starts with its name, and its help documents each flag", async () => {
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = await entry.load();
      expect(command.usage.startsWith(`${name} `) || command.usage === name, name).toBe(true);
      expect(command.help.trim().length, name).toBeGreaterThan(40);
      for (const flag of Object.keys(command.options)) expect(`${command.usage}\n${command.help}`, `${name} --${flag}`).toContain(`--${flag}`);
      for (const positional of command.positionals ?? []) expect(command.usage, name).toContain(`<${positional}`);
    }
  });

  it("finds two-word commands before one-word ones and passes the rest on", () => {
    expect(findCommand(["approvals", "list", "--json"])).toMatchObject({ name: "approvals list", rest: ["--json"] });
    expect(findCommand(["approve", "int_1", "--reason", "ok"])).toMatchObject({ name: "approve", rest: ["int_1", "--reason", "ok"] });
    expect(findCommand(["approvals"])).toBeUndefined();
    expect(findCommand(["nope"])).toBeUndefined();
  });

  it("parses flags and positionals strictly", async () => {
    const approve = await COMMANDS.approve.load();
    expect(parseCommand(approve, ["int_1", "--reason", "ok"])).toMatchObject({ help: false, values: { reason: "ok" }, positionals: ["int_1"] });
    expect(parseCommand(approve, ["--help"])).toEqual({ help: true });
    expect(() => parseCommand(approve, ["--reason", "ok"])).toThrow(new UsageError("missing <intent_id>"));
    expect(() => parseCommand(approve, ["a", "b"])).toThrow(/unexpected argument "b"/);
    expect(() => parseCommand(approve, ["a", "--colour"])).toThrow(UsageError);
  });

  it("tells a policy file's format by extension or --format", () => {
    expect(formatOf("p.yaml", undefined)).toBe("yaml");
    expect(formatOf("P.YML", undefined)).toBe("yaml");
    expect(formatOf("p.json", undefined)).toBe("json");
    expect(formatOf("policy.txt", "json")).toBe("json");
    expect(() => formatOf("policy.txt", undefined)).toThrow(UsageError);
    expect(() => formatOf("p.yaml", "toml")).toThrow(UsageError);
  });

  it("lays out tables in padded columns and cuts long cells", () => {
    expect(table(["ID", "TITLE", "N"], [["a", "x".repeat(60), "1"], ["bbb", "short\nline", "22"]], 10).split("\n")).toEqual([
      "ID   TITLE       N",
      `a    ${"x".repeat(9)}…  1`,
      "bbb  short line  22",
    ]);
  });
});
