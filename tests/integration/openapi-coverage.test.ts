import { describe, expect, it } from "vitest";
import type { z } from "zod";
import type { Operation } from "../../lib/http/operation";
import { OPERATION_ENTRIES, operations } from "../../lib/http/operations";
import type { RouteHandler } from "../../lib/http/route";
import { openApiDocument } from "../../lib/openapi/document";
import { ZEmptyBody } from "../../lib/schemas/common";
import { contract } from "../../lib/schemas/registry";
import { ROUTE_FILES, call, routeMethods } from "../helpers/api";
import { documentedOperations, normalizePath } from "../helpers/openapi";
import { ROUTE_TABLE } from "../helpers/route-table";

// The document and the route files describe the same API: walked from the file system, so a
// route added without a catalogue entry (or an entry without a route) fails here. And each
// handler is built from its catalogue entry: the schemas it validates with are the published ones.

const doc = openApiDocument().document as any;

/** Every /api/v1 and /.well-known route file's methods, but the catch-all that answers unknown paths with 404. */
const API_FILES = ROUTE_FILES.filter((r) => /^\/(api\/v1|\.well-known)\//.test(r.template) && r.template !== "/api/v1/[...path]");
const FILE_METHODS: { key: string; method: string; template: string; handler: RouteHandler }[] = [];
for (const route of API_FILES) {
  const mod = (await import(route.file)) as Record<string, RouteHandler>;
  for (const method of await routeMethods(route)) {
    FILE_METHODS.push({ key: `${method} ${normalizePath(route.template)}`, method, template: route.template, handler: mod[method] });
  }
}
const documented = documentedOperations(doc).map((o) => ({ ...o, key: `${o.method} ${normalizePath(o.path)}` }));

describe("route files and the OpenAPI document", () => {
  it("documents every method of every route file under app/api/v1", () => {
    const inDocument = new Set(documented.map((o) => o.key));
    expect(FILE_METHODS.filter((f) => !inDocument.has(f.key)).map((f) => `${f.method} ${f.template}`)).toEqual([]);
    expect(FILE_METHODS.length).toBeGreaterThanOrEqual(49);
  });

  it("documents nothing that no route file serves", () => {
    const served = new Set(FILE_METHODS.map((f) => f.key));
    expect(documented.filter((o) => !served.has(o.key)).map((o) => `${o.method} ${o.path}`)).toEqual([]);
  });

  it("builds each handler from the catalogue entry the document publishes for that method and path", () => {
    for (const file of FILE_METHODS) {
      const published = documented.find((o) => o.key === file.key)!;
      const entry = operations[published.operation.operationId as keyof typeof operations];
      // The very object: the handler validates with entry.body / entry.query, the schemas the document was built from.
      expect(file.handler.operation, `${file.method} ${file.template}`).toBe(entry);
      expect(`${entry.method} ${normalizePath(entry.path)}`).toBe(file.key);
    }
    expect(new Set(FILE_METHODS.map((f) => f.handler.operation)).size).toBe(OPERATION_ENTRIES.length);
  });

  it("publishes as each request body and query the very zod schemas the handler validates with", () => {
    for (const file of FILE_METHODS) {
      const published = documented.find((o) => o.key === file.key)!.operation;
      const { body, query, textBody } = file.handler.operation;
      const named = (media: string) => published.requestBody?.content?.[media]?.schema?.$ref?.split("/").pop();
      const nameOf = (schema: z.ZodType | undefined) => (schema ? contract.get(schema)?.id : undefined);
      if (textBody) for (const [media, schema] of Object.entries(textBody.content)) expect(named(media), file.key).toBe(nameOf(schema));
      else expect(named("application/json"), file.key).toBe(nameOf(body));
      const queryNames = published.parameters.filter((p: any) => p.in === "query").map((p: any) => p.name);
      expect(queryNames, file.key).toEqual(query ? Object.keys((query as z.ZodObject).shape) : []);
    }
  });

  it("names path parameters in the order of the route file's dynamic segments", () => {
    for (const file of FILE_METHODS) {
      const published = documented.find((o) => o.key === file.key)!;
      const segments = (file.template.match(/\[[^\]]+\]/g) ?? []).length;
      expect(published.operation.parameters.filter((p: any) => p.in === "path").length, file.key).toBe(segments);
    }
  });
});

describe("the catalogue and the route table of the bad-input and tenant-isolation suites", () => {
  // Those suites prove who may call each route and what it takes; the catalogue must say the same.
  const table = new Map(
    Object.entries(ROUTE_TABLE).map(([key, spec]) => {
      const [method, template] = key.split(" ");
      return [`${method} ${normalizePath(template)}`, spec];
    }),
  );
  const bodyKind = (op: Operation) => (op.textBody ? "policy" : op.body === ZEmptyBody ? "empty" : op.body ? "json" : undefined);
  const queryKind = (op: Operation) => {
    const shape = (op.query as z.ZodObject | undefined)?.shape;
    return !shape ? undefined : "limit" in shape && "cursor" in shape ? "list" : "other";
  };

  it.each(OPERATION_ENTRIES)("%s declares the caller, role, session rule, body and query the suites exercise", (_id, op) => {
    const spec = table.get(`${op.method} ${normalizePath(op.path)}`);
    expect(spec, `${op.method} ${op.path} in ROUTE_TABLE`).toBeDefined();
    expect(op.caller).toBe(spec!.caller);
    expect(op.role).toBe(spec!.role);
    expect(Boolean(op.sessionOnly)).toBe(Boolean(spec!.sessionOnly));
    expect(bodyKind(op)).toBe(spec!.body);
    expect(queryKind(op)).toBe(spec!.query === undefined ? undefined : spec!.query === "list" ? "list" : "other");
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("answers 200 with the document as application/json, without authentication", async () => {
    const res = await call("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toEqual(doc);
    expect(res.body.openapi).toMatch(/^3\.1\./);
  });

  it("is cacheable: public Cache-Control, an ETag, and 304 for a matching If-None-Match", async () => {
    const first = await call("GET", "/api/v1/openapi.json");
    expect(first.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);
    const again = await call("GET", "/api/v1/openapi.json", { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
    expect(Object.keys(doc.paths["/api/v1/openapi.json"].get.responses)).toEqual(expect.arrayContaining(["200", "304"]));
    const stale = await call("GET", "/api/v1/openapi.json", { headers: { "if-none-match": '"something-else"' } });
    expect(stale.status).toBe(200);
  });

  it("answers the same for any caller, a bearer token changes nothing", async () => {
    const withJunk = await call("GET", "/api/v1/openapi.json", { token: "tg_user_not-a-real-token" });
    expect(withJunk.status).toBe(200);
    expect(withJunk.body).toEqual(doc);
  });
});
