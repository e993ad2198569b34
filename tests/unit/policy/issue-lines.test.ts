import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../lib/policy";
import { locateIssues, parseFieldPath } from "../../../lib/policy/issue-lines";

const issuesOf = (text: string, format: "yaml" | "json" = "yaml") => {
  const result = parsePolicy(text, format);
  if (result.ok) throw new Error("expected an invalid document");
  return locateIssues(text, result.issues);
};

describe("parseFieldPath", () => {
  it("splits dotted keys, indexes and quoted keys", () => {
    expect(parseFieldPath("rules[3].when.all[0].op")).toEqual(["rules", 3, "when", "all", 0, "op"]);
    expect(parseFieldPath('rules[0].match["odd key"]')).toEqual(["rules", 0, "match", "odd key"]);
    expect(parseFieldPath("")).toEqual([]);
  });
});

describe("locateIssues", () => {
  it("points a wrong value at its key's line and an unknown key at the key", () => {
    const text = "version: 1\nrules:\n  - id: a\n    decision: maybe\n  - id: b\n    decision: deny\n    priorty: 3\n";
    const issues = issuesOf(text);
    expect(issues.find((i) => i.field === "rules[0].decision")?.line).toBe(4);
    expect(issues.find((i) => i.field === "rules[1].priorty")?.line).toBe(7);
  });

  it("points a missing key at the nearest part of the path that exists", () => {
    const issues = issuesOf("version: 1\nrules:\n  - id: a\n    reason: no decision\n");
    expect(issues[0]).toMatchObject({ field: "rules[0].decision", line: 3 });
  });

  it("finds lines in a JSON document too", () => {
    const text = '{\n  "version": 1,\n  "rules": [\n    { "id": "x", "decision": "allow", "approvals": "two" }\n  ]\n}';
    expect(issuesOf(text, "json")[0]).toMatchObject({ field: "rules[0].approvals", line: 4 });
  });

  it("takes the line of a syntax error from its message", () => {
    expect(issuesOf("version: 1\ndefault: allow\nrules: [\n")[0].line).toBe(4);
    expect(issuesOf("version: 1\nversion: 2\n")[0].line).toBe(2);
  });

  it("leaves the line out when nothing in the text can be pointed at", () => {
    const issues = locateIssues("", [{ field: "", message: "policy document is empty" }]);
    expect(issues).toEqual([{ field: "", message: "policy document is empty" }]);
  });
});
