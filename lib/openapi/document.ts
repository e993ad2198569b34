import packageJson from "../../package.json";
import { OPERATION_ENTRIES } from "../http/operations";
import { buildDocument } from "./build-document";
import type { JsonSchema } from "./json-schemas";

let cached: { document: JsonSchema; json: string } | null = null;

/** The API's OpenAPI document: built once per process from the catalogue (it changes only with the code). */
export function openApiDocument(): { document: JsonSchema; json: string } {
  if (!cached) {
    const document = buildDocument(OPERATION_ENTRIES, packageJson.version);
    cached = { document, json: JSON.stringify(document) };
  }
  return cached;
}
