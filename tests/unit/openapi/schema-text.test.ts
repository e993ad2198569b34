import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../../lib/openapi/document";
import { fieldsOf, typeLabel } from "../../../lib/openapi/schema-text";

// How the API reference page reads schemas back as text.

const schemas = (openApiDocument().document as any).components.schemas;

describe("typeLabel", () => {
  it.each([
    [{ type: "string" }, "string", []],
    [{ type: "string", format: "date-time" }, "string (date-time)", []],
    [{ anyOf: [{ type: "string" }, { type: "null" }] }, "string | null", []],
    [{ type: "string", enum: ["allow", "deny"] }, "allow | deny", []],
    [{ type: "array", items: { $ref: "#/components/schemas/AuditEvent" } }, "array of AuditEvent", ["AuditEvent"]],
    [{ type: "object", additionalProperties: { type: "integer" } }, "map of integer", []],
    [{ type: "object", propertyNames: { type: "string" }, additionalProperties: {} }, "object", []],
    [{}, "any", []],
    [{ description: "anything" }, "any", []],
    [{ const: true }, "true", []],
  ])("%j reads as %s", (schema, text, refs) => {
    expect(typeLabel(schema)).toEqual({ text, refs });
  });
});

describe("fieldsOf", () => {
  it("lists an object's fields with type, required, description and constraints", () => {
    const fields = fieldsOf(schemas.ProposeIntent);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName.action).toMatchObject({ required: true, type: { text: "string" }, notes: ["1–200 characters"] });
    expect(byName.stage).toMatchObject({ required: false, notes: ['default "run"'] });
    expect(byName.summary.type).toEqual({ text: "IntentSummary | null", refs: ["IntentSummary"] });
    expect(fieldsOf(schemas.Intent).find((f) => f.name === "execution_token")?.description).toMatch(/Only while the intent may execute/);
  });

  it("has no fields for what is not an object", () => {
    expect(fieldsOf(schemas.PolicyValidation)).toEqual([]);
    expect(fieldsOf({ type: "string" })).toEqual([]);
  });
});
