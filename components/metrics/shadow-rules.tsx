import { CHART_COLORS } from "@/components/charts/colors";
import { count, percent } from "@/lib/metrics-format";
import type { MetricsShadowRule } from "./types";

const PARTS = [
  { key: "would_deny", label: "Would deny", color: CHART_COLORS.denied },
  { key: "would_require_approval", label: "Would require approval", color: CHART_COLORS.approval_required },
  { key: "would_allow", label: "Would allow", color: CHART_COLORS.allowed },
] as const;

/** What each shadow rule would have decided in the range, had it been enforced. */
export function ShadowRules({ rules }: { rules: MetricsShadowRule[] }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white" data-testid="shadow-section">
      <div className="border-b border-slate-100 px-4 py-2.5">
        <h2 className="text-sm font-semibold text-slate-900">Shadow rules</h2>
        <p className="text-xs text-slate-500">
          Rules with <code>mode: shadow</code> are evaluated and recorded but never gate: this is what they would have done in the range.
        </p>
      </div>
      {rules.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500" data-testid="shadow-empty">
          No shadow rule matched an intent in this range.
        </p>
      ) : (
        <>
          <div className="hidden grid-cols-[minmax(0,1.6fr)_repeat(4,minmax(0,0.8fr))_minmax(0,1.6fr)] gap-3 border-b border-slate-100 bg-slate-50 px-4 py-1.5 text-xs font-medium text-slate-500 md:grid">
            <span>Rule</span>
            <span className="text-right">Would deny</span>
            <span className="text-right">Would require approval</span>
            <span className="text-right">Would allow</span>
            <span className="text-right">Matched</span>
            <span>Share</span>
          </div>
          <ul className="divide-y divide-slate-100">
            {rules.map((r) => (
              <li
                key={r.rule_id}
                className="grid grid-cols-3 gap-x-3 gap-y-1.5 px-4 py-2.5 text-sm md:grid-cols-[minmax(0,1.6fr)_repeat(4,minmax(0,0.8fr))_minmax(0,1.6fr)] md:items-center"
                data-testid="shadow-row"
                data-rule-id={r.rule_id}
                data-would-deny={r.would_deny}
                data-would-require-approval={r.would_require_approval}
                data-would-allow={r.would_allow}
                data-total={r.total}
              >
                <code className="col-span-3 truncate font-medium text-slate-900 md:col-span-1" title={r.rule_id}>
                  {r.rule_id}
                  <span className="ml-2 font-sans text-xs font-normal text-slate-500 md:hidden">{count(r.total)} matched</span>
                </code>
                {PARTS.map((p) => (
                  <span key={p.key} className="tabular-nums md:text-right" data-testid={`shadow-${p.key.replace(/_/g, "-")}`}>
                    <span className="block text-xs text-slate-500 md:hidden">{p.label}</span>
                    {count(r[p.key])}
                  </span>
                ))}
                <span className="hidden tabular-nums md:block md:text-right">{count(r.total)}</span>
                <ShareBar rule={r} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ShareBar({ rule }: { rule: MetricsShadowRule }) {
  const total = rule.total || 1;
  const title = PARTS.map((p) => `${p.label}: ${rule[p.key]} (${percent(rule[p.key] / total)})`).join(" · ");
  return (
    <div className="col-span-3 flex h-2.5 overflow-hidden rounded-full bg-slate-100 md:col-span-1" title={title} role="img" aria-label={title}>
      {PARTS.map((p) =>
        rule[p.key] > 0 ? <span key={p.key} style={{ width: `${(rule[p.key] / total) * 100}%`, backgroundColor: p.color }} data-part={p.key} /> : null,
      )}
    </div>
  );
}
