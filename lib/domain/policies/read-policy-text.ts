import { AppError } from "../../errors";
import { type ParsePolicyResult, type PolicyDocument, type PolicyFormat, formatPath, parsePolicy, validatePolicy } from "../../policy";
import { locateIssues } from "../../policy/issue-lines";
import { UNSTORABLE_MESSAGE, isStorableText, unstorablePath } from "../../storable-text";

/** The document format from the request's Content-Type: YAML or JSON, nothing else. */
export function policyFormat(contentType: string | null): PolicyFormat {
  const type = (contentType ?? "application/json").split(";")[0].trim().toLowerCase();
  if (type === "application/json" || type === "") return "json";
  if (["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"].includes(type)) return "yaml";
  throw new AppError("unsupported_media_type", "Send the policy as application/yaml or application/json");
}

/** Parses and validates, failing with the contract's 422 invalid_policy naming the rule and field. */
export function parsePolicyOrThrow(text: string, format: PolicyFormat): PolicyDocument {
  return documentOrThrow(checkPolicyText(text, format), text);
}

/**
 * Exactly the checks a save makes, as a result instead of an error: parse, validate, and make
 * sure PostgreSQL can store both the text and the document.
 */
export function checkPolicyText(text: string, format: PolicyFormat): ParsePolicyResult {
  // The source text is stored as it came, so it must be storable too (a raw NUL in a YAML comment).
  if (!isStorableText(text)) return { ok: false, issues: [{ field: "", message: `policy document: ${UNSTORABLE_MESSAGE}` }] };
  const parsed = parsePolicy(text, format);
  return parsed.ok ? storableDocument(parsed.document) : parsed;
}

/** The same for a document that arrived already parsed, inside a JSON body. */
export function validatePolicyOrThrow(value: unknown): PolicyDocument {
  const parsed = validatePolicy(value);
  return documentOrThrow(parsed.ok ? storableDocument(parsed.document) : parsed);
}

/** With the source text at hand, each issue also names its line (for the dashboard's editor). */
function documentOrThrow(result: ParsePolicyResult, text?: string): PolicyDocument {
  if (result.ok) return result.document;
  const first = result.issues[0];
  const where = [first.rule && `rule "${first.rule}"`, first.field && `field ${first.field}`].filter(Boolean).join(", ");
  throw new AppError("invalid_policy", `Invalid policy${where ? ` (${where})` : ""}: ${first.message}`, {
    rule: first.rule ?? null,
    field: first.field,
    issues: text === undefined ? result.issues : locateIssues(text, result.issues),
  });
}

/**
 * Escapes ("\u0000" in JSON, "\0" in YAML) can put into a valid document what PostgreSQL's
 * jsonb cannot hold; such a document is an invalid policy, named by its rule and field.
 */
function storableDocument(document: PolicyDocument): ParsePolicyResult {
  const path = unstorablePath(document);
  if (!path) return { ok: true, document };
  const rule = path[0] === "rules" && typeof path[1] === "number" ? document.rules[path[1]]?.id : undefined;
  return { ok: false, issues: [{ rule, field: formatPath(path), message: `${formatPath(path)}: ${UNSTORABLE_MESSAGE}` }] };
}
