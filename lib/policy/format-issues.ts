import type { z } from "zod";
import { RULE_ID } from "./schema";
import type { PolicyIssue } from "./types";

// zod issues → PolicyIssue: which rule, which field, and a sentence an admin can act on,
// e.g. `rule "refunds-small": when.all[0].op must be one of eq, ne, …`.

const MAX_ISSUES = 50;

const ALLOWED_KEYS: Record<string, string> = {
  document: "version, default, rules",
  rule: "id, priority, match, when, decision, reason, reason_code, approvals, approver_role, step_up, sla, on_timeout, separate_duties, reviewers, assigned_only, mode, sample",
  match: "action, environment, agent, stage, risk_tags, destination",
};

const ARTICLES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "an object",
  array: "a list",
};

type Path = readonly PropertyKey[];

export function toPolicyIssues(issues: readonly z.core.$ZodIssue[], input: unknown): PolicyIssue[] {
  const out: PolicyIssue[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const hint = allowedKeysHint(issue.path);
      for (const key of issue.keys) out.push(describe([...issue.path, key], `is not an allowed key${hint}`, input));
    } else {
      out.push(describe(issue.path, predicate(issue, valueAt(input, issue.path)), input));
    }
    if (out.length >= MAX_ISSUES) break;
  }
  return out.slice(0, MAX_ISSUES);
}

/** "rules[3].when.all[0].op" */
export function formatPath(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else {
      const key = String(seg);
      if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) out += out ? `.${key}` : key;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

function describe(path: Path, text: string, input: unknown): PolicyIssue {
  const field = formatPath(path);
  if (path[0] === "rules" && typeof path[1] === "number") {
    const id = (valueAt(input, path.slice(0, 2)) as { id?: unknown } | null)?.id;
    const rule = typeof id === "string" && RULE_ID.test(id) ? id : `rules[${path[1]}]`;
    const label = rule === id ? `rule "${id}"` : rule;
    const rest = formatPath(path.slice(2));
    return { rule, field, message: rest ? `${label}: ${rest} ${text}` : `${label} ${text}` };
  }
  return { field, message: `${field || "policy document"} ${text}` };
}

function predicate(issue: z.core.$ZodIssue, actual: unknown): string {
  const absent = actual === undefined;
  switch (issue.code) {
    case "invalid_type":
      if (absent) return "is required";
      if (typeof actual === "number" && (issue.expected === "number" || issue.expected === "int")) {
        return Number.isFinite(actual) ? "must be an integer" : "must be a finite number";
      }
      return `must be ${ARTICLES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      if (absent) return "is required";
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(", ")}`;
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const least = issue.code === "too_small";
      if (issue.origin === "array") {
        if (least && Number(bound) === 1) return "must not be empty";
        return `must have ${least ? "at least" : "at most"} ${bound} item${Number(bound) === 1 ? "" : "s"}`;
      }
      if (issue.origin === "string") {
        return least && Number(bound) === 1 ? "must not be empty" : `must be ${least ? "at least" : "at most"} ${bound} characters`;
      }
      if (issue.inclusive === false) return `must be ${least ? "greater" : "less"} than ${bound}`;
      return `must be ${least ? "at least" : "at most"} ${bound}`;
    }
    case "invalid_union":
      return absent ? "is required" : issue.message;
    default:
      // Custom checks and regexes carry messages written as predicates ("must be …").
      return issue.message;
  }
}

function allowedKeysHint(path: Path): string {
  let context: string | undefined;
  if (path.length === 0) context = "document";
  else if (path.length === 2 && path[0] === "rules") context = "rule";
  else if (path.length === 3 && path[0] === "rules" && path[2] === "match") context = "match";
  return context ? ` (allowed: ${ALLOWED_KEYS[context]})` : "";
}

function valueAt(input: unknown, path: Path): unknown {
  let cur = input;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (!Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}
