import { describe, expect, it } from "vitest";
import { type PolicyIssue, parsePolicy, validatePolicy } from "../../../lib/policy";

const API_EXAMPLE = `version: 1
default: require_approval          # what happens when no rule matches (allow | deny | require_approval)
rules:
  - id: refunds-small              # unique, [a-z0-9-]+
    priority: 50                   # higher first; ties → document order
    match:                         # every given key must match; globs with * on strings; lists = any of
      action: "payment.refund"
      environment: production
      agent: ["billing-bot"]
      stage: [run]
      risk_tags: [payment]         # intent must carry all listed tags
      destination: "*.stripe.com"
    when:                          # optional conditions on intent fields; all|any|not nest
      all:
        - { field: amount, op: lt, value: 100 }
        - { field: context.confidence, op: gte, value: 0.95 }
    decision: allow                # allow | deny | require_approval
    reason: "Small refunds with high confidence auto-approve"
    reason_code: policy_denied     # for deny: the machine-readable code to return (default policy_denied)
    approvals: 2                   # require_approval only: distinct humans needed (default 1)
    approver_role: approver        # minimum role to resolve (default approver)
    step_up: false                 # true → approval needs fresh WebAuthn presence (publisher+)
    sla: 1h                        # time allowed before escalation / timeout
    on_timeout: deny               # deny | escalate (default deny) when sla passes unresolved
`;

/** The issues for an invalid rule list (JSON body case); fails if the document is valid. */
function issuesFor(doc: unknown): PolicyIssue[] {
  const result = validatePolicy(doc);
  if (result.ok) throw new Error("expected the policy to be invalid");
  return result.issues;
}

function issuesForRule(rule: Record<string, unknown>): PolicyIssue[] {
  return issuesFor({ rules: [{ id: "r1", decision: "allow", ...rule }] });
}

describe("valid documents", () => {
  it("the API.md example parses as YAML with every field", () => {
    const result = parsePolicy(API_EXAMPLE, "yaml");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [rule] = result.document.rules;
    expect(result.document.default).toBe("require_approval");
    expect(rule).toMatchObject({ id: "refunds-small", priority: 50, decision: "allow", approvals: 2, sla: "1h" });
    expect(rule?.match?.destination).toBe("*.stripe.com");
    expect(rule?.when).toEqual({
      all: [
        { field: "amount", op: "lt", value: 100 },
        { field: "context.confidence", op: "gte", value: 0.95 },
      ],
    });
  });

  it("the same document as JSON validates identically", () => {
    const yaml = parsePolicy(API_EXAMPLE, "yaml");
    if (!yaml.ok) throw new Error("example must parse");
    const json = parsePolicy(JSON.stringify(yaml.document), "json");
    expect(json).toEqual(yaml);
  });

  it("applies defaults: version 1, default require_approval, rules [], priority 0", () => {
    expect(validatePolicy({})).toEqual({ ok: true, document: { version: 1, default: "require_approval", rules: [] } });
    const result = validatePolicy({ rules: [{ id: "a", decision: "deny" }] });
    expect(result.ok && result.document.rules[0]?.priority).toBe(0);
  });

  it("accepts every operator with a suitable value and conditions 16 levels deep", () => {
    const leaves = [
      { field: "amount", op: "eq", value: { any: ["json"] } },
      { field: "amount", op: "ne", value: null },
      { field: "amount", op: "lte", value: 1.5 },
      { field: "risk_tags", op: "nin", value: ["a", 1, { b: [true] }] },
      { field: "payload.a.0.b", op: "exists" },
      { field: "context.x", op: "exists", value: false },
      { field: "destination", op: "matches", value: "*.example.com" },
    ];
    // Levels: 14 × not, then any, then the leaves = 16.
    let deep: unknown = { any: leaves };
    for (let level = 1; level <= 14; level++) deep = { not: deep };
    expect(validatePolicy({ rules: [{ id: "deep", when: deep, decision: "deny" }] }).ok).toBe(true);
  });
});

describe("validation errors name the rule and the field", () => {
  it("unknown keys at every level", () => {
    expect(issuesFor({ rules: [], name: "x" })).toEqual([
      { field: "name", message: "name is not an allowed key (allowed: version, default, rules)" },
    ]);
    const [ruleKey] = issuesForRule({ approval: 2 });
    expect(ruleKey).toMatchObject({ rule: "r1", field: "rules[0].approval" });
    expect(ruleKey?.message).toMatch(/^rule "r1": approval is not an allowed key/);
    expect(issuesForRule({ match: { actions: "x" } })[0]).toMatchObject({ rule: "r1", field: "rules[0].match.actions" });
    expect(issuesForRule({ when: { field: "amount", op: "lt", value: 1, unit: "usd" } })[0]).toMatchObject({
      field: "rules[0].when.unit",
    });
  });

  it("a bad op", () => {
    const [issue] = issuesForRule({ when: { all: [{ field: "amount", op: "lesser", value: 1 }] } });
    expect(issue).toEqual({
      rule: "r1",
      field: "rules[0].when.all[0].op",
      message: 'rule "r1": when.all[0].op must be one of eq, ne, lt, lte, gt, gte, in, nin, exists, matches',
    });
  });

  it.each([
    [{ field: "amount", op: "lt", value: "100" }, /finite number for op lt/],
    [{ field: "amount", op: "gte" }, /value is required for op gte/],
    [{ field: "action", op: "in", value: "a" }, /must be a list for op in/],
    [{ field: "action", op: "matches", value: 5 }, /must be a string \(a glob\) for op matches/],
    [{ field: "action", op: "exists", value: "yes" }, /must be true or false for op exists/],
    [{ field: "action", op: "eq" }, /value is required for op eq/],
    [{ field: "action", op: "eq", value: Number.POSITIVE_INFINITY }, /non-finite/],
  ])("a value of the wrong type for its op: %j", (condition, message) => {
    const [issue] = issuesForRule({ when: { any: [condition] } });
    expect(issue?.field).toBe("rules[0].when.any[0].value");
    expect(issue?.message).toMatch(message);
  });

  it("a bad field name", () => {
    for (const field of ["amount_usd", "payload", "payload.", "context..x", "currencies", "risk_tags.0"]) {
      const [issue] = issuesForRule({ when: { field, op: "exists" } });
      expect(issue?.field).toBe("rules[0].when.field");
      expect(issue?.message).toMatch(/when\.field must be one of action, agent/);
    }
  });

  it("conditions must use exactly one form and non-empty lists", () => {
    expect(issuesForRule({ when: { all: [], any: [] } })[0]?.message).toMatch(/exactly one form/);
    expect(issuesForRule({ when: { all: [] } })[0]).toMatchObject({ field: "rules[0].when.all", message: 'rule "r1": when.all must not be empty' });
    expect(issuesForRule({ when: {} })[0]?.message).toMatch(/must have field and op/);
    expect(issuesForRule({ when: "amount < 5" })[0]?.message).toMatch(/must be a condition/);
  });

  it("conditions deeper than 16 levels", () => {
    // Levels: 16 × not, then the leaf = 17.
    let deep: unknown = { field: "amount", op: "exists" };
    for (let level = 1; level <= 16; level++) deep = { not: deep };
    const [issue] = issuesForRule({ when: deep });
    expect(issue?.message).toMatch(/must not nest deeper than 16 levels/);
    expect(issue?.field).toBe(`rules[0].when${".not".repeat(16)}`);
  });

  it("duplicate ids, reported alongside other problems", () => {
    const issues = issuesFor({
      rules: [
        { id: "dup", decision: "allow" },
        { id: "dup", decision: "deny", extra: true },
      ],
    });
    expect(issues).toContainEqual({
      rule: "dup",
      field: "rules[1].id",
      message: 'rule "dup": id must be unique; "dup" is already used by rules[0]',
    });
    expect(issues.some((i) => i.field === "rules[1].extra")).toBe(true);
  });

  it("a bad id is named by position", () => {
    const [issue] = issuesFor({ rules: [{ id: "Refunds_Small", decision: "allow" }] });
    expect(issue).toMatchObject({ rule: "rules[0]", field: "rules[0].id" });
    expect(issue?.message).toBe("rules[0]: id must contain only lowercase letters, digits and dashes");
    expect(issuesFor({ rules: [{ decision: "allow" }] })[0]).toMatchObject({
      rule: "rules[0]",
      message: "rules[0]: id is required",
    });
  });

  it.each(["0h", "1w", "h", "10", "-1m", "1.5h", "3651d"])("a bad sla %s", (sla) => {
    const [issue] = issuesForRule({ sla });
    expect(issue?.field).toBe("rules[0].sla");
    expect(issue?.message).toMatch(/sla must be a duration/);
  });

  it("other field constraints", () => {
    expect(issuesForRule({ decision: "maybe" })[0]?.message).toBe(
      'rule "r1": decision must be one of allow, deny, require_approval',
    );
    expect(issuesFor({ rules: [{ id: "r1" }] })[0]?.message).toBe('rule "r1": decision is required');
    expect(issuesForRule({ approvals: 11 })[0]?.message).toBe('rule "r1": approvals must be at most 10');
    expect(issuesForRule({ approvals: 0 })[0]?.message).toBe('rule "r1": approvals must be at least 1');
    expect(issuesForRule({ approvals: 1.5 })[0]?.message).toBe('rule "r1": approvals must be an integer');
    expect(issuesForRule({ priority: "high" })[0]?.message).toBe('rule "r1": priority must be a number');
    expect(issuesForRule({ approver_role: "owner" })[0]?.field).toBe("rules[0].approver_role");
    expect(issuesForRule({ reason_code: "Bad-Code" })[0]?.message).toMatch(/reason_code must be snake_case/);
    expect(issuesForRule({ step_up: "yes" })[0]?.message).toBe('rule "r1": step_up must be true or false');
    expect(issuesForRule({ on_timeout: "allow" })[0]?.field).toBe("rules[0].on_timeout");
    expect(issuesFor({ version: 0 })[0]).toEqual({ field: "version", message: "version must be greater than 0" });
    expect(issuesFor({ default: "maybe" })[0]?.field).toBe("default");
    expect(issuesFor({ rules: {} })[0]).toEqual({ field: "rules", message: "rules must be a list" });
    expect(issuesFor({ rules: ["x"] })[0]).toEqual({ rule: "rules[0]", field: "rules[0]", message: "rules[0] must be an object" });
  });

  it("match values: non-empty strings or lists; stage from the closed set without globs", () => {
    expect(issuesForRule({ match: { action: "" } })[0]?.field).toBe("rules[0].match.action");
    expect(issuesForRule({ match: { action: [] } })[0]?.message).toBe('rule "r1": match.action must not be empty');
    expect(issuesForRule({ match: { agent: ["ok", ""] } })[0]?.field).toBe("rules[0].match.agent[1]");
    expect(issuesForRule({ match: { environment: 5 } })[0]?.message).toMatch(/non-empty string or a non-empty list/);
    expect(issuesForRule({ match: { stage: "ru*" } })[0]?.field).toBe("rules[0].match.stage");
    expect(issuesForRule({ match: { stage: ["run", "deploy"] } })[0]).toMatchObject({
      field: "rules[0].match.stage",
      message: 'rule "r1": match.stage must be one of create, run, resume, renew, publish, or a non-empty list of them',
    });
  });

  it("reports several issues at once", () => {
    const issues = issuesFor({ version: "1", rules: [{ id: "a", decision: "allow", sla: "x", approvals: 0 }] });
    expect(issues.map((i) => i.field).sort()).toEqual(["rules[0].approvals", "rules[0].sla", "version"]);
  });
});

describe("separate_duties", () => {
  it("is a boolean rule key", () => {
    const result = validatePolicy({ rules: [{ id: "r1", decision: "require_approval", separate_duties: true }] });
    expect(result.ok && result.document.rules[0]?.separate_duties).toBe(true);
    expect(validatePolicy({ rules: [{ id: "r1", decision: "allow", separate_duties: false }] }).ok).toBe(true);
    expect(issuesForRule({ separate_duties: "yes" })[0]).toMatchObject({
      rule: "r1",
      field: "rules[0].separate_duties",
      message: 'rule "r1": separate_duties must be true or false',
    });
  });

  it("parses from YAML", () => {
    const yaml = "rules:\n  - id: payouts\n    decision: require_approval\n    separate_duties: true\n";
    const result = parsePolicy(yaml, "yaml");
    expect(result.ok && result.document.rules[0]?.separate_duties).toBe(true);
  });

  it("reviewers (a list of group names) and assigned_only (a boolean) are rule keys", () => {
    expect(validatePolicy({ rules: [{ id: "r1", decision: "require_approval", reviewers: ["finance", "legal_2"], assigned_only: true }] }).ok).toBe(true);
    expect(issuesForRule({ decision: "require_approval", reviewers: ["Finance"] })[0]?.field).toBe("rules[0].reviewers[0]");
    expect(issuesForRule({ decision: "require_approval", reviewers: [] })[0]?.field).toBe("rules[0].reviewers");
    expect(issuesForRule({ decision: "require_approval", reviewers: "finance" })[0]?.field).toBe("rules[0].reviewers");
    expect(issuesForRule({ decision: "require_approval", assigned_only: "yes" })[0]?.field).toBe("rules[0].assigned_only");
    const [unknown] = issuesForRule({ decision: "require_approval", reviewer: ["finance"] });
    expect(unknown?.message).toMatch(/reviewer is not an allowed key \(allowed: .*reviewers, assigned_only/);
  });
});

describe("text parsing", () => {
  it("invalid YAML", () => {
    const result = parsePolicy("rules:\n  - id: a\n    decision: [allow\n", "yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toMatch(/^invalid YAML: .* at line \d+, column \d+$/);
  });

  it("duplicate YAML keys are an error, not last-wins", () => {
    const result = parsePolicy("rules:\n  - id: a\n    decision: deny\n    decision: allow\n", "yaml");
    expect(result).toEqual({
      ok: false,
      issues: [{ field: "", message: "invalid YAML: duplicate key (map keys must be unique) at line 4, column 5" }],
    });
  });

  it("duplicate JSON keys are an error too", () => {
    const result = parsePolicy('{"rules": [{"id": "a", "decision": "deny", "decision": "allow"}]}', "json");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toMatch(/^invalid JSON: duplicate key/);
  });

  it("custom and YAML 1.1 tags are rejected", () => {
    for (const text of ["default: !allow yes\n", "rules: !!set {a}\n", "default: !!binary YWxsb3c=\n"]) {
      const result = parsePolicy(text, "yaml");
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.issues[0]?.message).toMatch(/custom tags are not allowed/);
    }
  });

  it("merge keys are not special", () => {
    const result = parsePolicy("base: &b {decision: allow}\nrules:\n  - <<: *b\n    id: a\n", "yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.field)).toContain("rules[0][\"<<\"]");
  });

  it("invalid JSON", () => {
    const result = parsePolicy('{"rules": [', "json");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toMatch(/^invalid JSON: /);
  });

  it.each([
    ["", "yaml"],
    ["   \n", "yaml"],
    ["# nothing but a comment\n", "yaml"],
    ["null", "json"],
  ] as const)("empty document %j (%s)", (text, format) => {
    expect(parsePolicy(text, format)).toEqual({ ok: false, issues: [{ field: "", message: "policy document is empty" }] });
  });

  it.each([
    ["- a\n- b\n", "yaml"],
    ["just text", "yaml"],
    ["[1, 2]", "json"],
    ["42", "json"],
  ] as const)("non-object document %j (%s)", (text, format) => {
    const result = parsePolicy(text, format);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.message).toBe("policy document must be an object with version, default and rules");
  });

  it("YAML .inf is not a finite number", () => {
    const result = parsePolicy("rules:\n  - id: a\n    decision: allow\n    when: {field: amount, op: lt, value: .inf}\n", "yaml");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]?.field).toBe("rules[0].when.value");
  });
});
