import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, statusOf } from "../../../lib/errors";
import { OPERATION_ENTRIES } from "../../../lib/http/operations";
import { buildDocument } from "../../../lib/openapi/build-document";
import { openApiDocument } from "../../../lib/openapi/document";
import packageJson from "../../../package.json";
import { documentedOperations, schemaCompiler } from "../../helpers/openapi";

// The generated document is valid OpenAPI 3.1 (by the official schemas, through
// @seriousme/openapi-schema-validator), its schemas are valid JSON Schema 2020-12 (Ajv, strict),
// and it says what the catalogue declares.

const { document } = openApiDocument();
const doc = document as any;
const operations = documentedOperations(doc);

async function validateOpenApi(value: unknown) {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(value) as Parameters<Validator["validate"]>[0]);
  return { ...result, version: validator.version };
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1 by the specification's own JSON Schema", async () => {
    const result = await validateOpenApi(document);
    expect(result.errors, JSON.stringify(result.errors, null, 2)).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(result.version).toBe("3.1");
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it("is judged by a validator that does reject broken documents", async () => {
    const noVersion = structuredClone(doc);
    delete noVersion.info.version;
    const badParameter = structuredClone(doc);
    badParameter.paths["/api/v1/intents/{id}"].get.parameters[0].in = "body";
    const badSecurity = structuredClone(doc);
    badSecurity.components.securitySchemes.agentKey.type = "password";
    for (const broken of [noVersion, badParameter, badSecurity]) expect((await validateOpenApi(broken)).valid).toBe(false);
  });

  it("carries the package version, a relative server and the three ways to authenticate", () => {
    expect(doc.info).toMatchObject({ title: "Tollgate API", version: packageJson.version });
    expect(doc.servers).toEqual([{ url: "/", description: expect.any(String) }]);
    expect(doc.components.securitySchemes).toMatchObject({
      agentKey: { type: "http", scheme: "bearer", description: expect.stringContaining("tg_agent_") },
      userToken: { type: "http", scheme: "bearer", description: expect.stringContaining("tg_user_") },
      session: { type: "apiKey", in: "cookie" },
    });
  });

  it("has only schemas that compile as JSON Schema 2020-12 in Ajv's strict mode", () => {
    const compile = schemaCompiler(doc);
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => compile({ $ref: `#/components/schemas/${name}` }), name).not.toThrow();
    }
    for (const { method, path, operation } of operations) {
      const schemas = [
        ...operation.parameters.map((p: any) => p.schema),
        ...Object.values(operation.requestBody?.content ?? {}).map((m: any) => m.schema),
        ...Object.values(operation.responses).flatMap((r: any) => Object.values(r.content ?? {}).map((m: any) => m.schema)),
      ];
      for (const schema of schemas) expect(() => compile(schema), `${method} ${path}`).not.toThrow();
    }
  });

  it("publishes every catalogue entry once, under its operationId, method and path", () => {
    expect(operations.map((o) => o.operation.operationId).sort()).toEqual(OPERATION_ENTRIES.map(([id]) => id).sort());
    for (const [id, op] of OPERATION_ENTRIES) {
      expect(doc.paths[op.path][op.method.toLowerCase()].operationId, id).toBe(id);
    }
  });

  it("declares one required path parameter for every {segment}, and no other", () => {
    for (const { method, path, operation } of operations) {
      const segments = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const params = operation.parameters.filter((p: any) => p.in === "path");
      expect(params.map((p: any) => p.name), `${method} ${path}`).toEqual(segments);
      for (const p of params) expect(p.required).toBe(true);
    }
  });

  it("documents the list envelope with limit and cursor, and only on the operations that page", () => {
    const key = ({ method, path }: { method: string; path: string }) => `${method} ${path}`;
    const lists = operations.filter(({ operation }) => operation.responses["200"]?.content?.["application/json"]?.schema?.$ref?.endsWith("List"));
    const paged = operations.filter(({ operation }) => ["limit", "cursor"].every((n) => operation.parameters.some((p: any) => p.in === "query" && p.name === n)));
    expect(lists.map(key).sort()).toEqual(paged.map(key).sort());
    expect(lists.length).toBeGreaterThanOrEqual(9);
    const compile = schemaCompiler(doc);
    for (const { method, path, operation } of lists) {
      const limit = operation.parameters.find((p: any) => p.name === "limit");
      expect(limit.schema, `${method} ${path}`).toMatchObject({ type: "integer", minimum: 1, maximum: 200, default: 50 });
      const validate = compile(operation.responses["200"].content["application/json"].schema);
      expect(validate({ items: [], next_cursor: null }), `${method} ${path}`).toBe(true);
      expect(validate({ items: [], next_cursor: "abc" }), `${method} ${path}`).toBe(true);
      expect(validate({ items: [] }), `${method} ${path}: next_cursor is required`).toBe(false);
    }
  });

  it("documents Idempotency-Key on POST /intents and POST /leases, and ?wait on GET /intents/{id}", () => {
    for (const path of ["/api/v1/intents", "/api/v1/leases"]) {
      const header = doc.paths[path].post.parameters.find((p: any) => p.in === "header");
      expect(header).toMatchObject({ name: "Idempotency-Key", required: false, schema: { type: "string", maxLength: 255 } });
      expect(Object.keys(doc.paths[path].post.responses)).toEqual(expect.arrayContaining(["200", "201", "409"]));
    }
    const wait = doc.paths["/api/v1/intents/{id}"].get.parameters.find((p: any) => p.name === "wait");
    expect(wait).toMatchObject({ in: "query", required: false, schema: { type: "integer", minimum: 0, maximum: 60 } });
  });

  it("describes PUT /policy as a YAML or JSON document, not a JSON request", () => {
    const body = doc.paths["/api/v1/policy"].put.requestBody;
    expect(body.required).toBe(true);
    expect(Object.keys(body.content).sort()).toEqual(["application/json", "application/yaml"]);
    for (const media of Object.values(body.content) as any[]) expect(media.schema).toEqual({ $ref: "#/components/schemas/PolicyDocument" });
    // The recursive `when` condition is described, not left as an anything-goes {}.
    const compile = schemaCompiler(doc);
    const validate = compile({ $ref: "#/components/schemas/PolicyDocument" });
    const rule = (when: unknown) => ({ version: 1, rules: [{ id: "r", decision: "allow", when }] });
    expect(validate(rule({ all: [{ field: "amount", op: "lt", value: 5 }, { not: { field: "context.x", op: "exists" } }] }))).toBe(true);
    expect(validate(rule({ field: "amount", op: "between", value: 5 }))).toBe(false);
    expect(validate(rule({ all: [] }))).toBe(false);
    expect(validate(rule({ all: [{ field: "amount", op: "lt" }], any: [] }))).toBe(false);
  });

  it("marks the session-only routes as such, public ones as open, and the rest by caller", () => {
    const security = (path: string, method: string) => doc.paths[path][method].security;
    expect(security("/api/v1/passkeys", "post")).toEqual([{ session: [] }]);
    expect(security("/api/v1/approvals/{intent_id}/step-up", "post")).toEqual([{ session: [] }]);
    expect(security("/api/v1/auth/token", "post")).toEqual([]);
    expect(security("/api/v1/openapi.json", "get")).toEqual([]);
    // Public, but a member token or session is read when sent (accepting as an existing account).
    expect(security("/api/v1/invitations/accept", "post")).toEqual([{}, { userToken: [] }, { session: [] }]);
    expect(security("/api/v1/intents", "post")).toEqual([{ agentKey: [] }]);
    expect(security("/api/v1/members", "post")).toEqual([{ userToken: [] }, { session: [] }]);
    expect(doc.paths["/api/v1/members"].post["x-tollgate-role"]).toBe("admin");
  });

  it("answers every error in the shared Error envelope, one response per status with that status's codes", () => {
    const compile = schemaCompiler(doc);
    const error = compile({ $ref: "#/components/schemas/Error" });
    expect(error({ error: { code: "validation_failed", message: "x", details: { issues: [] } } })).toBe(true);
    expect(error({ error: { code: "no_such_code", message: "x" } })).toBe(false);
    expect(error({ message: "x" })).toBe(false);
    for (const { method, path, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses) as [string, any][]) {
        if (Number(status) < 400) continue;
        const schema = response.content["application/json"].schema;
        const codes: string[] = schema.allOf[1].properties.error.properties.code.enum;
        for (const code of codes) {
          expect(ERROR_CODES, `${method} ${path}`).toContain(code);
          expect(statusOf(code as never), `${method} ${path} ${code}`).toBe(Number(status));
          expect(compile(schema)({ error: { code, message: "m" } })).toBe(true);
        }
        const other = ERROR_CODES.find((c) => !codes.includes(c))!;
        expect(compile(schema)({ error: { code: other, message: "m" } }), `${method} ${path} ${status} refuses ${other}`).toBe(false);
      }
    }
  });

  it("gives every authenticated operation 401 and 403, and every body 400, 413 and 422", () => {
    for (const { method, path, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      if (operation.security.length > 0) expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(["401", "403"]));
      if (operation.requestBody?.content["application/json"] && !operation.requestBody.content["application/yaml"]) {
        expect(statuses, `${method} ${path}`).toEqual(expect.arrayContaining(["400", "413", "422"]));
      }
    }
  });

  it("gives each JSON request body an example that its own published schema accepts", () => {
    const compile = schemaCompiler(doc);
    let examples = 0;
    for (const { method, path, operation } of operations) {
      const media = operation.requestBody?.content?.["application/json"];
      if (!media?.example) continue;
      examples += 1;
      const validate = compile(media.schema);
      expect(validate(media.example), `${method} ${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(examples).toBeGreaterThanOrEqual(15);
  });

  it("refuses an operation whose body schema has no component name", () => {
    const [id, op] = OPERATION_ENTRIES.find(([, o]) => o.body)!;
    const unnamed = { ...op, body: op.body!.optional() };
    expect(() => buildDocument([[id, unnamed]], "0.0.0")).toThrow(/does not name/);
  });
});
