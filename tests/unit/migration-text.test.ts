import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Prisma's offline ("js") migration engine splits a migration's script at every semicolon, inside
// comments too: the rest of the comment then starts the next statement, a syntax error, where psql
// runs the same file cleanly (README, "Database: Prisma offline").
const dir = join(__dirname, "../../prisma/migrations");

describe("migration scripts", () => {
  it("keep semicolons out of their comments", () => {
    const offending = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .flatMap((entry) =>
        readFileSync(join(dir, entry.name, "migration.sql"), "utf8")
          .split("\n")
          .map((line, i) => ({ at: `${entry.name}:${i + 1}`, comment: line.includes("--") ? line.slice(line.indexOf("--")) : "" }))
          .filter(({ comment }) => comment.includes(";"))
          .map(({ at }) => at),
      );
    expect(offending).toEqual([]);
  });
});
