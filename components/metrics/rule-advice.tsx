import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { count, percent } from "@/lib/metrics-format";
import type { Metrics, MetricsRule } from "./types";

const DECISION_TONE = { allow: "green", deny: "red", require_approval: "amber" } as const;

/** Why the advice, in one line, from the rule's own numbers. */
export function adviceLine(r: MetricsRule): string {
  if (r.advice === "auto_allow_candidate") {
    return `Humans approved ${percent(r.approval_rate)} of ${count(r.volume)} with ${percent(r.override_rate)} overridden: allowing these automatically, with a review sample, would save reviewer time.`;
  }
  if (r.advice === "tighten_candidate") {
    if (r.decision === "allow") return `${percent(r.override_rate)} of this rule's sampled auto-allows were marked wrong: consider requiring approval or narrowing its match.`;
    return `Humans overrode ${percent(r.override_rate)} of these (approval rate ${percent(r.approval_rate)}): consider denying them or narrowing the match.`;
  }
  return "No change suggested at these numbers.";
}

/** Per-rule volume, approval and override rates, with a suggestion where the numbers make one. */
export function RuleAdvice({ rules, reviews }: { rules: MetricsRule[]; reviews: Metrics["reviews"] }) {
  const sorted = [...rules].sort((a, b) => Number(b.advice !== null) - Number(a.advice !== null) || b.volume - a.volume || a.rule_id.localeCompare(b.rule_id));
  return (
    <section className="rounded-lg border border-slate-200 bg-white" data-testid="advice-section">
      <div className="flex flex-wrap items-end justify-between gap-2 border-b border-slate-100 px-4 py-2.5">
        <div>
          <h2 className="text-sm font-semibold text-slate-900">Threshold advice</h2>
          <p className="text-xs text-slate-500">Rules whose humans nearly always agree may auto-allow; rules often overridden may need tightening.</p>
        </div>
        <p className="text-xs text-slate-600" data-testid="reviews-summary" data-sampled={reviews.sampled} data-reviewed={reviews.reviewed} data-wrong={reviews.wrong}>
          Review-after sample: {count(reviews.sampled)} sampled, {count(reviews.reviewed)} reviewed, {count(reviews.wrong)} marked wrong ·{" "}
          <Link href="/reviews" className="font-medium text-slate-900 underline">
            Review queue
          </Link>
        </p>
      </div>
      {sorted.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">No rule decided an intent in this range.</p>
      ) : (
        <>
          <div className="hidden grid-cols-[minmax(0,1.5fr)_minmax(0,0.6fr)_minmax(0,0.7fr)_minmax(0,0.7fr)_minmax(0,2.4fr)] gap-3 border-b border-slate-100 bg-slate-50 px-4 py-1.5 text-xs font-medium text-slate-500 md:grid">
            <span>Rule</span>
            <span className="text-right">Volume</span>
            <span className="text-right">Approval rate</span>
            <span className="text-right">Override rate</span>
            <span>Advice</span>
          </div>
          <ul className="divide-y divide-slate-100">
            {sorted.map((r) => (
              <li
                key={r.rule_id}
                className="grid grid-cols-3 gap-x-3 gap-y-1.5 px-4 py-2.5 text-sm md:grid-cols-[minmax(0,1.5fr)_minmax(0,0.6fr)_minmax(0,0.7fr)_minmax(0,0.7fr)_minmax(0,2.4fr)] md:items-start"
                data-testid="advice-row"
                data-rule-id={r.rule_id}
                data-advice={r.advice ?? ""}
                data-volume={r.volume}
                data-approval-rate={r.approval_rate ?? ""}
                data-override-rate={r.override_rate ?? ""}
              >
                <div className="col-span-3 flex min-w-0 flex-wrap items-center gap-2 md:col-span-1">
                  <code className="truncate font-medium text-slate-900" title={r.rule_id}>
                    {r.rule_id}
                  </code>
                  <Badge tone={DECISION_TONE[r.decision as keyof typeof DECISION_TONE] ?? "gray"}>{r.decision.replace("_", " ")}</Badge>
                </div>
                <Figure label="Volume" text={count(r.volume)} />
                <Figure label="Approval rate" text={percent(r.approval_rate)} />
                <Figure label="Override rate" text={percent(r.override_rate)} />
                <div className="col-span-3 min-w-0 md:col-span-1">
                  {r.advice === "auto_allow_candidate" ? (
                    <Badge tone="green" testId="advice-badge">
                      candidate to auto-allow
                    </Badge>
                  ) : r.advice === "tighten_candidate" ? (
                    <Badge tone="red" testId="advice-badge">
                      candidate to tighten
                    </Badge>
                  ) : null}
                  <p className={`text-xs text-slate-600 ${r.advice ? "mt-1" : ""}`} data-testid="advice-text">
                    {adviceLine(r)}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Figure({ label, text }: { label: string; text: string }) {
  return (
    <span className="tabular-nums md:text-right">
      <span className="block text-xs text-slate-500 md:hidden">{label}</span>
      {text}
    </span>
  );
}
