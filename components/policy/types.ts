export type PolicyFormat = "yaml" | "json";

export interface PolicyIssue {
  rule: string | null;
  field: string;
  message: string;
  line?: number;
}

export type ValidateResult = { ok: true; rules: number; default: string; snapshot: string } | { ok: false; issues: PolicyIssue[] };

type DecisionSummary = { outcome: string; rule_id: string | null; reason_code: string };

export interface SimulationResult {
  changed: number;
  total: number;
  items: { intent_id: string | null; action: string; before: DecisionSummary; after: DecisionSummary; changed: boolean }[];
}
