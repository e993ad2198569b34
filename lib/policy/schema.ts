import { z } from "zod";
import { contract } from "../schemas/registry";
import { MAX_DURATION_SECONDS, parseDuration } from "./duration";
import { ZCondition } from "./schema-condition";
import { OUTCOMES, ROLES, STAGES, TIMEOUT_ACTIONS } from "./types";

// The policy document as admins write it (YAML or JSON). Every object is strict: a typo such
// as `approval: 2` must be rejected, not silently ignored, or the rule means something else.

export { MAX_CONDITION_DEPTH, type TCondition, type TLeafCondition, ZCondition } from "./schema-condition";

export const RULE_ID = /^[a-z0-9-]+$/;
/** A reviewer group's name (API.md: it addresses the group in /groups/{name}). */
export const GROUP_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const GROUP_NAME_RULE = "must be 1–64 lowercase letters, digits, dashes or underscores, starting with a letter or digit";
const REASON_CODE = /^[a-z][a-z0-9_]*$/;

export const ZRole = z.enum(ROLES);
export const ZOutcome = z.enum(OUTCOMES);
export const ZStage = z.enum(STAGES);

const ZPattern = z.string().min(1);
const ZPatternList = z.union([ZPattern, z.array(ZPattern).min(1)], {
  error: "must be a non-empty string or a non-empty list of non-empty strings",
});
// Stages are a closed set, so globs would only hide typos.
const ZStageList = z.union([ZStage, z.array(ZStage).min(1)], {
  error: `must be one of ${STAGES.join(", ")}, or a non-empty list of them`,
});

export const ZPolicyMatch = z.strictObject({
  action: ZPatternList.optional(),
  environment: ZPatternList.optional(),
  agent: ZPatternList.optional(),
  stage: ZStageList.optional(),
  risk_tags: ZPatternList.optional(),
  destination: ZPatternList.optional(),
});
export type TPolicyMatch = z.output<typeof ZPolicyMatch>;

export const ZPolicyRule = z.strictObject({
  id: z.string().regex(RULE_ID, "must contain only lowercase letters, digits and dashes"),
  priority: z.int().default(0),
  match: ZPolicyMatch.optional(),
  when: ZCondition.optional(),
  decision: ZOutcome,
  // The decision fields below are accepted on every rule and ignored where irrelevant
  // (the contract's own example puts reason_code and approvals on an allow rule).
  reason: z.string().optional(),
  reason_code: z
    .string()
    .regex(REASON_CODE, "must be snake_case (a lowercase letter, then lowercase letters, digits or _)")
    .optional(),
  approvals: z.int().min(1).max(10).optional(),
  approver_role: ZRole.optional(),
  step_up: z.boolean().optional(),
  sla: z
    .string()
    .refine(
      (s) => parseDuration(s) !== null,
      `must be a duration like 30s, 15m, 1h or 7d, greater than zero and at most ${MAX_DURATION_SECONDS / 86_400}d`,
    )
    .optional(),
  on_timeout: z.enum(TIMEOUT_ACTIONS).optional(),
  /** require_approval only: the agent's owner may not approve (403 separation_of_duties). */
  separate_duties: z.boolean().optional(),
  /** require_approval only: reviewer groups that assignment rotates among and notifies (default: every member of approver_role). */
  reviewers: z.array(z.string().regex(GROUP_NAME, GROUP_NAME_RULE)).min(1).max(20).optional(),
  /** require_approval only: only the currently assigned reviewer may resolve (403 not_assigned). */
  assigned_only: z.boolean().optional(),
  /** shadow: evaluated and recorded, never gating (the next rule in order decides). */
  mode: z.enum(["enforce", "shadow"]).optional(),
  /** Share (0–1) of the intents this rule allows that are copied to the review-after queue. */
  sample: z.number().min(0).max(1).optional(),
}).register(contract, { id: "PolicyRule" });
export type TPolicyRule = z.output<typeof ZPolicyRule>;

export const ZPolicyDocument = z
  .strictObject({
    version: z.int().positive().default(1),
    default: ZOutcome.default("require_approval"),
    rules: z.array(ZPolicyRule).default([]),
  })
  // `when` keeps this running even when other fields failed, so a duplicate id is reported
  // alongside every other problem instead of only after they are fixed.
  .superRefine(checkUniqueIds, { when: () => true }).register(contract, { id: "PolicyDocument" });

export type TPolicyDocument = z.output<typeof ZPolicyDocument>;
export type TPolicyDocumentInput = z.input<typeof ZPolicyDocument>;
/** A validated document with defaults applied. */
export type PolicyDocument = TPolicyDocument;
export type PolicyRule = TPolicyRule;

function checkUniqueIds(doc: unknown, ctx: z.RefinementCtx): void {
  const rules = (doc as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) return;
  const firstIndex = new Map<string, number>();
  rules.forEach((rule: unknown, i) => {
    const id = (rule as { id?: unknown } | null)?.id;
    if (typeof id !== "string" || !RULE_ID.test(id)) return;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, i);
    else ctx.addIssue({ code: "custom", path: ["rules", i, "id"], message: `must be unique; "${id}" is already used by rules[${first}]` });
  });
}
