import { describe, expect, it } from "vitest";
import { parsePolicy, policySnapshot, validatePolicy } from "../../../lib/policy";

function snapshotOf(doc: unknown): string {
  const result = validatePolicy(doc);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return policySnapshot(result.document);
}

describe("policySnapshot", () => {
  const doc = {
    version: 1,
    default: "deny",
    rules: [{ id: "a", priority: 5, match: { action: "x.*", stage: ["run"] }, decision: "allow", sla: "1h" }],
  };

  it("is sha256 of canonical JSON", () => {
    expect(snapshotOf(doc)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("is stable under key reordering, in YAML or JSON", () => {
    const reordered = {
      rules: [{ sla: "1h", decision: "allow", match: { stage: ["run"], action: "x.*" }, priority: 5, id: "a" }],
      default: "deny",
      version: 1,
    };
    expect(snapshotOf(reordered)).toBe(snapshotOf(doc));
    const yaml = parsePolicy("default: deny\nrules:\n  - decision: allow\n    id: a\n    sla: 1h\n    priority: 5\n    match: {stage: [run], action: 'x.*'}\n", "yaml");
    if (!yaml.ok) throw new Error("yaml must parse");
    expect(policySnapshot(yaml.document)).toBe(snapshotOf(doc));
  });

  it("treats explicit defaults like omitted ones", () => {
    expect(snapshotOf({ rules: [{ id: "a", decision: "deny" }] })).toBe(
      snapshotOf({ version: 1, default: "require_approval", rules: [{ id: "a", priority: 0, decision: "deny" }] }),
    );
    expect(snapshotOf({})).toBe(snapshotOf({ version: 1, default: "require_approval", rules: [] }));
  });

  it("changes when the meaning changes, including rule order", () => {
    const base = snapshotOf(doc);
    expect(snapshotOf({ ...doc, default: "allow" })).not.toBe(base);
    expect(snapshotOf({ ...doc, rules: [{ ...doc.rules[0], sla: "2h" }] })).not.toBe(base);
    const two = [
      { id: "a", decision: "allow" },
      { id: "b", decision: "deny" },
    ];
    expect(snapshotOf({ rules: two })).not.toBe(snapshotOf({ rules: [...two].reverse() }));
  });
});
