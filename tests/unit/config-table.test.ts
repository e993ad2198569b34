import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { README, configTable, readmeTable } from "../../scripts/docs-config.mjs";

// README's Configuration table is lib/config.mjs rendered (npm run docs:config): a variable, default
// or meaning changed on one side only fails here.
describe("README Configuration table", () => {
  it("is the one lib/config.mjs declares", () => {
    const table = readmeTable(readFileSync(README, "utf8"));
    expect(table, "README.md lacks the config-table markers").not.toBeNull();
    expect(table).toBe(configTable());
  });
});
