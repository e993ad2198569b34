import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument } from "yaml";
import type { PolicyIssue } from "./types";

export type LocatedIssue = PolicyIssue & { line?: number };

/**
 * Adds the 1-based source line to each issue, so an editor can point at it: YAML/JSON syntax
 * errors carry "at line L" in their message; a schema issue's field path ("rules[2].when.all[0].op")
 * is looked up in the parsed document, falling back to the nearest part of the path that exists
 * (a missing required key points at its parent). JSON is read as YAML for this, which it is.
 */
export function locateIssues(text: string, issues: readonly PolicyIssue[]): LocatedIssue[] {
  const located = lineFinder(text);
  return issues.map((issue) => {
    const fromMessage = /\bat line (\d+)\b/.exec(issue.message);
    const line = fromMessage ? Number(fromMessage[1]) : issue.field ? located(parseFieldPath(issue.field)) : undefined;
    return line ? { ...issue, line } : { ...issue };
  });
}

/** "rules[3].when.all[0].op" → ["rules", 3, "when", "all", 0, "op"]; ["a b"] keys come back unquoted. */
export function parseFieldPath(field: string): (string | number)[] {
  const path: (string | number)[] = [];
  const token = /([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const match of field.matchAll(token)) {
    if (match[1] !== undefined) path.push(match[1]);
    else if (match[2] !== undefined) path.push(Number(match[2]));
    else path.push(JSON.parse(match[3]) as string);
  }
  return path;
}

function lineFinder(text: string): (path: (string | number)[]) => number | undefined {
  const counter = new LineCounter();
  let root: unknown;
  try {
    root = parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false }).contents;
  } catch {
    return () => undefined;
  }
  const lineOf = (node: unknown) => (isNode(node) && node.range ? counter.linePos(node.range[0]).line : undefined);
  return (path) => {
    // Walk down as far as the path exists; a map key points at the key itself (an unknown key's
    // issue names that key), a list index at the item.
    let node: unknown = root;
    let line = lineOf(root);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
        if (!pair) break;
        line = lineOf(pair.key) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
        node = node.items[segment];
        line = lineOf(node) ?? line;
      } else break;
    }
    return line;
  };
}
