import type { ProposeIntentInput } from "./intents.js";

export interface PolicySaved {
  snapshot: string;
  version: number;
  rules: number;
}

export interface Policy extends PolicySaved {
  format: "yaml" | "json";
  source: string;
  document: PolicyDocument;
  created_by: string | null;
  created_at: string;
}

export interface PolicyVersion extends PolicySaved {
  format: "yaml" | "json";
  created_by: string | null;
  created_at: string;
}

/** The policy document (see the contract for every key). */
export interface PolicyDocument {
  version: 1;
  default: "allow" | "deny" | "require_approval";
  rules: Record<string, unknown>[];
}

export interface SimulateInput {
  /** The candidate: YAML/JSON text or a document object. */
  policy: string | PolicyDocument | Record<string, unknown>;
  since?: string;
  /** Recorded intent ids, or hypothetical proposals (optionally naming an agent). */
  intents?: (string | (ProposeIntentInput & { agent?: string }))[];
  limit?: number;
}

interface DecisionSummary {
  outcome: string;
  rule_id: string | null;
  reason_code: string;
}

export interface SimulateResult {
  changed: number;
  total: number;
  items: { intent_id: string | null; action: string; before: DecisionSummary; after: DecisionSummary; changed: boolean }[];
}

export interface PolicyIssue {
  rule: string | null;
  field: string;
  message: string;
  line?: number;
}

export type ValidateResult =
  | { ok: true; rules: number; default: string; snapshot: string }
  | { ok: false; issues: PolicyIssue[] };
