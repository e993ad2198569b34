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
