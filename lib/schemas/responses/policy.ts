import { z } from "zod";
import { contract } from "../registry";
import { OUTCOMES } from "../../policy/types";
import { ZList, ZSha256, ZTimestamp } from "./common";

const ZPolicyFormat = z.enum(["yaml", "json"]);

/** PUT /policy: the saved (or unchanged) version. */
export const ZPolicySaved = z.object({
  snapshot: ZSha256.describe("Content address of the canonical document."),
  version: z.int(),
  rules: z.int().describe("Number of rules."),
}).register(contract, { id: "PolicySaved" });

export const ZPolicyVersion = z.object({
  version: z.int(),
  snapshot: ZSha256,
  format: ZPolicyFormat,
  rules: z.int(),
  created_by: z.string().nullable(),
  created_at: ZTimestamp,
}).register(contract, { id: "PolicyVersion" });

export const ZPolicyVersionList = ZList(ZPolicyVersion).register(contract, { id: "PolicyVersionList" });

/** GET /policy: the active version with its source text and parsed document. */
export const ZPolicy = ZPolicyVersion.extend({
  source: z.string().describe("The document exactly as it was saved."),
  document: z.record(z.string(), z.unknown()).describe("The parsed document with defaults applied."),
}).register(contract, { id: "Policy" });

const ZPolicyIssue = z.object({
  rule: z.string().nullable(),
  field: z.string(),
  message: z.string(),
  line: z.int().optional().describe("1-based source line, where it could be found."),
});

export const ZPolicyValidation = z.union([
  z.object({ ok: z.literal(true), rules: z.int(), default: z.enum(OUTCOMES), snapshot: ZSha256 }),
  z.object({ ok: z.literal(false), issues: z.array(ZPolicyIssue) }),
]).register(contract, { id: "PolicyValidation" });

const ZDecisionBrief = z.object({ outcome: z.enum(OUTCOMES), rule_id: z.string().nullable(), reason_code: z.string() });

export const ZSimulation = z.object({
  changed: z.int().describe("Items whose outcome differs under the candidate."),
  total: z.int(),
  items: z.array(
    z.object({
      intent_id: z.string().nullable().describe("null for a hypothetical proposal."),
      action: z.string(),
      before: ZDecisionBrief,
      after: ZDecisionBrief,
      changed: z.boolean(),
    }),
  ),
}).register(contract, { id: "Simulation" });
