import type { PolicyIssue } from "./types";

/** Policy problems, each with its rule, field and (when known) a button that jumps to its line. */
export function IssueList({ issues, onReveal, testId }: { issues: PolicyIssue[]; onReveal: (line: number) => void; testId: string }) {
  return (
    <ul className="divide-y divide-rose-100 rounded-md border border-rose-200 bg-rose-50 text-sm" data-testid={testId} role="alert">
      {issues.map((issue, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: issues are a fresh list per check
          key={i}
          className="flex flex-col gap-1 px-3 py-2 sm:flex-row sm:items-baseline sm:gap-3"
          data-testid="policy-issue"
          data-line={issue.line}
          data-rule={issue.rule ?? undefined}
          data-field={issue.field}
        >
          <span className="flex shrink-0 flex-wrap items-center gap-1.5 text-xs">
            {issue.line ? (
              <button type="button" onClick={() => onReveal(issue.line!)} className="rounded bg-rose-200/70 px-1.5 py-0.5 font-mono text-rose-900 hover:bg-rose-200">
                line {issue.line}
              </button>
            ) : null}
            {issue.rule ? <code className="rounded bg-white px-1.5 py-0.5 text-rose-900 ring-1 ring-rose-200">{issue.rule}</code> : null}
            {issue.field ? <code className="text-rose-800">{issue.field}</code> : null}
          </span>
          {/* The rule is in its own chip; the message need not repeat it. */}
          <span className="min-w-0 break-words text-rose-900">{issue.rule ? issue.message.replace(/^(rule "[^"]*"|rules\[\d+\]):?\s*/, "") : issue.message}</span>
        </li>
      ))}
    </ul>
  );
}
