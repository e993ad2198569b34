import { ZPolicyDocument } from "../../policy/schema";
import { ZPolicyVersionsQuery, ZSimulatePolicy, ZValidatePolicy } from "../../schemas/policy";
import { ZPolicy, ZPolicySaved, ZPolicyValidation, ZPolicyVersionList, ZSimulation } from "../../schemas/responses/policy";
import { defineOperation } from "../operation";

const tags: ["Policy"] = ["Policy"];

export const policyOperations = {
  getPolicy: defineOperation({
    method: "GET",
    path: "/api/v1/policy",
    summary: "The active policy",
    description: "404 when none has been saved (every intent then requires approval).",
    tags,
    caller: "user",
    role: "viewer",
    responses: { 200: { description: "The active version: source, parsed document, snapshot.", schema: ZPolicy } },
    errors: ["not_found"],
  }),

  putPolicy: defineOperation({
    method: "PUT",
    path: "/api/v1/policy",
    summary: "Save a new policy version",
    description:
      "The body is the document itself, YAML or JSON by Content-Type. Strict: unknown keys, duplicate keys or rule ids and bad operators are `422 invalid_policy` naming the rule and field. Saving an unchanged document keeps the current version.",
    tags,
    caller: "user",
    role: "admin",
    textBody: {
      description: "The policy document (API.md, Policy).",
      content: { "application/yaml": ZPolicyDocument, "application/json": ZPolicyDocument },
    },
    responses: { 200: { description: "The saved (or unchanged) version.", schema: ZPolicySaved } },
    errors: ["invalid_json", "payload_too_large", "unsupported_media_type", "invalid_policy"],
  }),

  listPolicyVersions: defineOperation({
    method: "GET",
    path: "/api/v1/policy/versions",
    summary: "Policy version history",
    description: "Newest first.",
    tags,
    caller: "user",
    role: "viewer",
    query: ZPolicyVersionsQuery,
    responses: { 200: { description: "One page of versions.", schema: ZPolicyVersionList } },
  }),

  simulatePolicy: defineOperation({
    method: "POST",
    path: "/api/v1/policy/simulate",
    summary: "Simulate a candidate policy",
    description:
      "For each given intent (ids or hypothetical proposals), or each intent recorded since `since` (default: 7 days), the candidate's decision next to the one it got. Nothing is saved.",
    tags,
    caller: "user",
    role: "viewer",
    body: ZSimulatePolicy,
    example: { policy: "version: 1\ndefault: deny\nrules: []\n", intents: [{ action: "payment.refund", amount: 40, currency: "USD" }] },
    responses: { 200: { description: "Before and after, per intent.", schema: ZSimulation } },
    errors: ["invalid_policy", "not_found"],
  }),

  validatePolicy: defineOperation({
    method: "POST",
    path: "/api/v1/policy/validate",
    summary: "Validate a candidate policy",
    description: "The checks a save would make, without saving: ok with the snapshot it would get, or every issue with rule, field and line.",
    tags,
    caller: "user",
    role: "viewer",
    body: ZValidatePolicy,
    example: { policy: "version: 1\ndefault: require_approval\nrules:\n  - id: small-refunds\n    match: { action: payment.refund }\n    decision: allow\n", format: "yaml" },
    responses: { 200: { description: "The verdict.", schema: ZPolicyValidation } },
  }),
};
