import { type PolicyFormat, policySnapshot } from "../../policy";
import { locateIssues } from "../../policy/issue-lines";
import { checkPolicyText } from "./read-policy-text";

/**
 * POST /policy/validate: the checks a save would make, without saving. A valid document answers
 * with its rule count and the snapshot it would get; an invalid one with every issue, each naming
 * its rule, field and (where it can be found) source line.
 */
export function validatePolicyText(text: string, format: PolicyFormat) {
  const result = checkPolicyText(text, format);
  if (result.ok) {
    return { ok: true as const, rules: result.document.rules.length, default: result.document.default, snapshot: policySnapshot(result.document) };
  }
  return {
    ok: false as const,
    issues: locateIssues(text, result.issues).map((issue) => ({
      rule: issue.rule ?? null,
      field: issue.field,
      message: issue.message,
      ...(issue.line ? { line: issue.line } : {}),
    })),
  };
}
