import { AppError } from "../../errors";
import { type ParsePolicyResult, type PolicyDocument, type PolicyFormat, formatPath, parsePolicy, validatePolicy } from "../../policy";
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
  // The source text is stored as it came, so it must be storable too (a raw NUL in a YAML comment).
  if (!isStorableText(text)) {
    return documentOrThrow({ ok: false, issues: [{ field: "", message: `policy document: ${UNSTORABLE_MESSAGE}` }] });
  }
  return documentOrThrow(parsePolicy(text, format));
}

/** The same for a document that arrived already parsed, inside a JSON body. */
export function validatePolicyOrThrow(value: unknown): PolicyDocument {
  return documentOrThrow(validatePolicy(value));
}

function documentOrThrow(parsed: ParsePolicyResult): PolicyDocument {
  const result = parsed.ok ? storableDocument(parsed.document) : parsed;
  if (result.ok) return result.document;
  const first = result.issues[0];
  const where = [first.rule && `rule "${first.rule}"`, first.field && `field ${first.field}`].filter(Boolean).join(", ");
  throw new AppError("invalid_policy", `Invalid policy${where ? ` (${where})` : ""}: ${first.message}`, {
    rule: first.rule ?? null,
    field: first.field,
    issues: result.issues,
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
