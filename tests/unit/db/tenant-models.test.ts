import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TENANT_MODELS } from "../../../lib/db/scoped";

// orgDb() scopes only the models it lists. A new model with org_id that is missing from the list
// would be read and written across organizations by every ctx.db call (a reviewer-groups list
// once showed another org's groups this way). The list is read from the schema here, not from the code under test.

const SCHEMA = readFileSync(path.resolve(import.meta.dirname, "../../../prisma/schema.prisma"), "utf8");

function modelsWithOrgId(schema: string): string[] {
  const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  return models.filter(([, , body]) => /^\s+orgId\s/m.test(body)).map(([, name]) => name).sort();
}

describe("orgDb's tenant models", () => {
  it("are exactly the schema's models that carry org_id", () => {
    const fromSchema = modelsWithOrgId(SCHEMA);
    expect(fromSchema.length).toBeGreaterThan(20);
    expect([...TENANT_MODELS].sort()).toEqual(fromSchema);
  });
});
