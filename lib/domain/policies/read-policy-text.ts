import { AppError } from "../../errors";
import { type ParsePolicyResult, type PolicyDocument, type PolicyFormat, parsePolicy, validatePolicy } from "../../policy";

/** The document format from the request's Content-Type: YAML or JSON, nothing else. */
export function policyFormat(contentType: string | null): PolicyFormat {
  const type = (contentType ?? "application/json").split(";")[0].trim().toLowerCase();
  if (type === "application/json" || type === "") return "json";
  if (["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"].includes(type)) return "yaml";
  throw new AppError("unsupported_media_type", "Send the policy as application/yaml or application/json");
}

/** Parses and validates, failing with the contract's 422 invalid_policy naming the rule and field. */
export function parsePolicyOrThrow(text: string, format: PolicyFormat): PolicyDocument {
  return documentOrThrow(parsePolicy(text, format));
}

/** The same for a document that arrived already parsed, inside a JSON body. */
export function validatePolicyOrThrow(value: unknown): PolicyDocument {
  return documentOrThrow(validatePolicy(value));
}

function documentOrThrow(result: ParsePolicyResult): PolicyDocument {
  if (result.ok) return result.document;
  const first = result.issues[0];
  const where = [first.rule && `rule "${first.rule}"`, first.field && `field ${first.field}`].filter(Boolean).join(", ");
  throw new AppError("invalid_policy", `Invalid policy${where ? ` (${where})` : ""}: ${first.message}`, {
    rule: first.rule ?? null,
    field: first.field,
    issues: result.issues,
  });
}
