import { parseDocument, type YAMLError } from "yaml";
import { toPolicyIssues } from "./format-issues";
import { type PolicyDocument, ZPolicyDocument } from "./schema";
import type { PolicyIssue } from "./types";

export type PolicyFormat = "yaml" | "json";
export type ParsePolicyResult = { ok: true; document: PolicyDocument } | { ok: false; issues: PolicyIssue[] };

// YAML 1.2 core schema only: duplicate keys are errors (a second `decision:` must not
// silently win), no custom or YAML 1.1 tags (!!binary, !!set, …), no `<<` merge keys,
// string keys only. Anything the parser merely warns about is rejected too.
const YAML_OPTIONS = {
  schema: "core",
  uniqueKeys: true,
  merge: false,
  resolveKnownTags: false,
  stringKeys: true,
  strict: true,
  prettyErrors: true,
} as const;

/** Parses and validates a policy document submitted as YAML or JSON text. */
export function parsePolicy(text: string, format: PolicyFormat): ParsePolicyResult {
  if (text.trim() === "") return fail("policy document is empty");
  const read = format === "json" ? readJson(text) : readYaml(text);
  return read.ok ? validatePolicy(read.value) : read;
}

/** Validates an already-parsed document (e.g. a JSON request body) and applies defaults. */
export function validatePolicy(value: unknown): ParsePolicyResult {
  if (value === null || value === undefined) return fail("policy document is empty");
  if (typeof value !== "object" || Array.isArray(value)) {
    return fail("policy document must be an object with version, default and rules");
  }
  try {
    const result = ZPolicyDocument.safeParse(value);
    if (result.success) return { ok: true, document: result.data };
    return { ok: false, issues: toPolicyIssues(result.error.issues, value) };
  } catch {
    // Validation is bounded, but a hostile object (getters, proxies) must still yield a 422.
    return fail("policy document could not be validated");
  }
}

type ReadResult = { ok: true; value: unknown } | { ok: false; issues: PolicyIssue[] };

function readYaml(text: string): ReadResult {
  try {
    const doc = parseDocument(text, YAML_OPTIONS);
    const problems = [...doc.errors, ...doc.warnings];
    if (problems.length > 0) return { ok: false, issues: problems.slice(0, 10).map((e) => yamlIssue("YAML", e)) };
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return fail(`invalid YAML: ${firstLine(error)}`);
  }
}

function readJson(text: string): ReadResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`invalid JSON: ${firstLine(error)}`);
  }
  // JSON.parse lets the last duplicate key win; YAML (a superset of JSON) can tell us about them.
  try {
    const duplicates = parseDocument(text, YAML_OPTIONS).errors.filter((e) => e.code === "DUPLICATE_KEY");
    if (duplicates.length > 0) return { ok: false, issues: duplicates.slice(0, 10).map((e) => yamlIssue("JSON", e)) };
  } catch {
    // JSON.parse already accepted the text; a YAML parser quirk is no reason to reject it.
  }
  return { ok: true, value };
}

function yamlIssue(kind: "YAML" | "JSON", error: YAMLError): PolicyIssue {
  const where = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : "";
  const what =
    error.code === "DUPLICATE_KEY"
      ? "duplicate key (map keys must be unique)"
      : error.code === "TAG_RESOLVE_FAILED"
        ? `${stripPosition(error.message)} (custom tags are not allowed)`
        : stripPosition(error.message);
  return { field: "", message: `invalid ${kind}: ${what}${where}` };
}

// yaml's pretty messages end with " at line L, column C:" and a source excerpt.
function stripPosition(message: string): string {
  return (message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
}

function fail(message: string): { ok: false; issues: PolicyIssue[] } {
  return { ok: false, issues: [{ field: "", message }] };
}
