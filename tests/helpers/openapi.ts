import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// JSON Schema validation against the published OpenAPI document, with a real draft 2020-12
// validator (Ajv), so the suites test what clients read rather than the zod schemas behind it.

type Json = any;

const BASE = "urn:tollgate:components";

/** A copy with every "#/components/schemas/X" pointing at the shared $defs schema below. */
function rebase(value: Json): Json {
  if (Array.isArray(value)) return value.map(rebase);
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === "$ref" && typeof item === "string" ? item.replace("#/components/schemas/", `${BASE}#/$defs/`) : rebase(item),
    ]),
  );
}

/**
 * A copy where every object schema that lists its properties and says nothing about others
 * refuses others: "closed", to catch fields a route returns that the document does not mention.
 */
function closeObjects(value: Json): Json {
  if (Array.isArray(value)) return value.map(closeObjects);
  if (!value || typeof value !== "object") return value;
  const copy = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, closeObjects(item)]));
  if (copy.properties && typeof copy.properties === "object" && !("additionalProperties" in copy)) copy.additionalProperties = false;
  return copy;
}

/**
 * Compiles schemas taken from the document (their $refs resolved against its components) in
 * Ajv's strict mode, which also refuses keywords and formats that are not JSON Schema 2020-12.
 */
export function schemaCompiler(document: Json, options: { closed?: boolean } = {}): (schema: Json) => ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const defs = rebase(document.components.schemas);
  ajv.addSchema({ $id: BASE, $defs: options.closed ? closeObjects(defs) : defs });
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    const key = JSON.stringify(schema);
    let validate = cache.get(key);
    if (!validate) {
      validate = ajv.compile(rebase(schema));
      cache.set(key, validate);
    }
    return validate;
  };
}

/** An operation of the document by method and path, with its operationId. */
export function documentedOperation(document: Json, method: string, path: string): Json {
  return document.paths[path]?.[method.toLowerCase()];
}

/** Every (method, path, operation) of the document. */
export function documentedOperations(document: Json): { method: string; path: string; operation: Json }[] {
  return Object.entries(document.paths as Record<string, Record<string, Json>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
}

/** The route-file template (`/api/v1/intents/[id]`) and the document path (`/api/v1/intents/{id}`) in one form. */
export const normalizePath = (path: string) => path.replace(/\[[^\]]+\]|\{[^}]+\}/g, "{}");

/** The schema a $ref (to components) names, else the schema itself. */
export function deref(document: Json, schema: Json): Json {
  const ref: string | undefined = schema?.$ref;
  return ref ? deref(document, document.components.schemas[ref.split("/").pop()!]) : schema;
}

/** The JSON types a schema admits, through $ref, anyOf and oneOf; null when it says nothing (anything goes). */
function typesOf(document: Json, schema: Json): Set<string> | null {
  const s = deref(document, schema);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const all = new Set<string>();
    for (const branch of branches) {
      const types = typesOf(document, branch);
      if (!types) return null;
      for (const t of types) all.add(t);
    }
    return all;
  }
  if (s.type) return new Set([s.type === "integer" ? "number" : s.type].flat());
  if (s.enum) return new Set(s.enum.map((v: unknown) => (v === null ? "null" : typeof v)));
  if (s.const !== undefined) return new Set([typeof s.const]);
  return null;
}

const SAMPLE_OF_TYPE: Record<string, unknown> = { string: "text", number: 12345, boolean: true, array: [], object: { a: 1 }, null: null };

/**
 * Values that break a property's published schema in one way each: another JSON type, a value
 * outside its enum, its length or range bounds, its pattern. The caller keeps those the
 * document's validator really rejects (anyOf branches may admit some).
 */
export function wrongValues(document: Json, schema: Json): unknown[] {
  const s = deref(document, schema);
  const types = typesOf(document, s);
  if (!types) return [];
  const values: unknown[] = Object.entries(SAMPLE_OF_TYPE)
    .filter(([type]) => !types.has(type))
    .map(([, value]) => value);
  const leaves = [s, ...(s.anyOf ?? s.oneOf ?? [])].map((b: Json) => deref(document, b));
  for (const leaf of leaves) {
    if (leaf.enum) values.push("not-one-of-these");
    if (leaf.maxLength !== undefined) values.push("x".repeat(leaf.maxLength + 1));
    if (leaf.minLength > 0) values.push("");
    if (leaf.pattern) values.push("!! not matching !!");
    if (leaf.format === "date-time") values.push("yesterday");
    if (leaf.maximum !== undefined) values.push(leaf.maximum + 1);
    if (leaf.exclusiveMaximum !== undefined) values.push(leaf.exclusiveMaximum);
    if (leaf.minimum !== undefined) values.push(leaf.minimum - 1);
    if (leaf.exclusiveMinimum !== undefined) values.push(leaf.exclusiveMinimum);
    if (leaf.type === "integer") values.push(1.5);
    if (leaf.maxItems !== undefined) values.push(Array.from({ length: leaf.maxItems + 1 }, () => "a"));
    if (leaf.minItems > 0) values.push([]);
  }
  return values;
}
