// The pure policy engine: parse → validate → compile (once per snapshot) → decide (per intent).
export { type CompiledPolicy, type CompiledRule, compilePolicy, policySnapshot } from "./compile-policy";
export { decide } from "./decide";
export { parseDuration } from "./duration";
export { formatPath } from "./format-issues";
export { type ParsePolicyResult, type PolicyFormat, parsePolicy, validatePolicy } from "./parse-policy";
export {
  MAX_CONDITION_DEPTH,
  type PolicyDocument,
  type PolicyRule,
  RULE_ID,
  type TCondition,
  type TLeafCondition,
  type TPolicyDocument,
  type TPolicyDocumentInput,
  type TPolicyMatch,
  type TPolicyRule,
  ZCondition,
  ZOutcome,
  ZPolicyDocument,
  ZPolicyMatch,
  ZPolicyRule,
  ZRole,
  ZStage,
} from "./schema";
export * from "./types";
