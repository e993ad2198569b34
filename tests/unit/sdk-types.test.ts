import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SDK_TYPES_FILE, sdkTypesSource } from "../../scripts/generate-sdk-types";

describe("sdk/src/types/contract.ts", () => {
  it("is what the API's zod schemas generate (after changing a schema: npm run generate:sdk-types)", () => {
    expect(readFileSync(SDK_TYPES_FILE, "utf8") === sdkTypesSource(), "sdk/src/types/contract.ts is stale").toBe(true);
  });
});
