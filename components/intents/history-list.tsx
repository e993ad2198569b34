import Link from "next/link";
import { Badge, StatusBadge, type Tone } from "@/components/ui/badge";
import type { serializeIntent } from "@/lib/domain/intents/serialize-intent";
import { utc } from "@/lib/format";

export type HistoryIntent = ReturnType<typeof serializeIntent>;

const OUTCOME_TONE: Record<string, Tone> = { allow: "green", deny: "red", require_approval: "amber" };

/** Who settled an intent and when: the humans who approved or rejected it, the clock, the agent, or the policy. */
export function resolutionOf(intent: HistoryIntent): { who: string; at: string | null } {
  const humans = intent.approvals;
  if (intent.status === "pending_approval") {
    const got = humans.filter((a) => a.decision === "approve").length;
    return { who: `waiting (${got} of ${intent.decision.approvals_required})`, at: null };
  }
  if (humans.length > 0) {
    const last = humans[humans.length - 1];
    const verb = last.decision === "reject" ? "rejected" : "approved";
    const people = [...new Set(humans.filter((a) => a.decision === last.decision).map((a) => a.user_email ?? a.user_id))];
    const after = intent.status === "expired" ? " · then expired unused" : "";
    return { who: `${verb} by ${people.join(", ")}${after}`, at: intent.resolved_at ?? last.at };
  }
  if (intent.status === "expired" && intent.decision.outcome === "require_approval") return { who: "timed out (no decision)", at: intent.resolved_at };
  if (intent.status === "expired") return { who: "expired unused", at: intent.resolved_at };
  if (intent.status === "cancelled") return { who: "cancelled by the agent", at: intent.resolved_at };
  return { who: "policy (automatic)", at: intent.created_at };
}

/** The history table: one row per intent, stacked into cards on a phone. */
export function HistoryList({ items }: { items: HistoryIntent[] }) {
  return (
    <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
      <div className="hidden grid-cols-[minmax(0,2.2fr)_minmax(0,1.6fr)_minmax(0,1.6fr)_minmax(0,1.1fr)] gap-4 border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 md:grid">
        <span>Intent</span>
        <span>Decision</span>
        <span>Resolved</span>
        <span>Agent · created</span>
      </div>
      <ul className="divide-y divide-slate-100" data-testid="history-list">
        {items.map((intent) => {
          const resolution = resolutionOf(intent);
          const title = (intent.summary as { title?: string } | null)?.title;
          return (
            <li
              key={intent.id}
              className="grid gap-x-4 gap-y-2 px-4 py-3 text-sm md:grid-cols-[minmax(0,2.2fr)_minmax(0,1.6fr)_minmax(0,1.6fr)_minmax(0,1.1fr)]"
              data-testid="history-row"
              data-intent-id={intent.id}
              data-status={intent.status}
            >
              <div className="min-w-0">
                <div className="flex flex-wrap items-center gap-2">
                  <StatusBadge status={intent.status} />
                  <Link href={`/intents/${intent.id}`} className="font-medium text-slate-900 hover:underline" data-testid="history-link">
                    {intent.action}
                  </Link>
                </div>
                {title ? <p className="mt-1 truncate text-slate-600">{title}</p> : null}
                <code className="mt-0.5 block truncate text-xs text-slate-400">{intent.id}</code>
              </div>
              <div className="min-w-0">
                <span className="text-xs text-slate-500 md:hidden">Decision </span>
                <Badge tone={OUTCOME_TONE[intent.decision.outcome] ?? "gray"}>{intent.decision.outcome.replace("_", " ")}</Badge>
                <p className="mt-1 truncate text-xs text-slate-600" title={intent.decision.reason}>
                  <code>{intent.decision.rule_id ?? "default"}</code> · <code>{intent.decision.reason_code}</code>
                </p>
              </div>
              <div className="min-w-0 text-slate-700">
                <span className="text-xs text-slate-500 md:hidden">Resolved </span>
                <span className="break-words" data-testid="history-resolution">
                  {resolution.who}
                </span>
                {resolution.at ? <p className="text-xs text-slate-500">{utc(resolution.at)}</p> : null}
              </div>
              <div className="min-w-0 text-slate-700">
                <span className="text-xs text-slate-500 md:hidden">Agent </span>
                <span className="break-words">{intent.agent_name ?? intent.agent_id}</span>
                <p className="text-xs text-slate-500">{utc(intent.created_at)}</p>
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
