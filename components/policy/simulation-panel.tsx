import Link from "next/link";
import { Badge, type Tone } from "@/components/ui/badge";
import type { SimulationResult } from "./types";

const OUTCOME_TONE: Record<string, Tone> = { allow: "green", deny: "red", require_approval: "amber" };

function Decision({ d }: { d: { outcome: string; rule_id: string | null } }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <Badge tone={OUTCOME_TONE[d.outcome] ?? "gray"}>{d.outcome.replace("_", " ")}</Badge>
      <code className="text-xs text-slate-500">{d.rule_id ?? "default"}</code>
    </span>
  );
}

/** What the edited policy would decide differently for the intents of the last seven days. */
export function SimulationPanel({ result }: { result: SimulationResult }) {
  const changed = result.items.filter((i) => i.changed);
  return (
    <section className="rounded-lg border border-slate-200 bg-white" data-testid="simulation">
      <div className="border-b border-slate-100 px-4 py-2.5">
        <h3 className="text-sm font-semibold text-slate-900">Simulation</h3>
        <p className="text-sm text-slate-600" data-testid="simulation-summary" data-changed={result.changed} data-total={result.total}>
          {result.total === 0
            ? "No intents in the last 7 days to compare against."
            : result.changed === 0
              ? `All ${result.total} intents of the last 7 days would get the same decision.`
              : `${result.changed} of ${result.total} intents of the last 7 days would get a different decision.`}
        </p>
      </div>
      {changed.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[34rem] text-left text-sm" data-testid="simulation-table">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Intent</th>
                <th className="px-4 py-2 font-medium">Action</th>
                <th className="px-4 py-2 font-medium">Before → after</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {changed.map((item, i) => (
                <tr key={item.intent_id ?? i} data-testid="simulation-row" data-intent-id={item.intent_id ?? undefined}>
                  <td className="px-4 py-2">
                    {item.intent_id ? (
                      <Link href={`/intents/${item.intent_id}`} className="font-mono text-xs text-sky-700 hover:underline">
                        {item.intent_id}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-4 py-2">{item.action}</td>
                  <td className="px-4 py-2">
                    <span className="inline-flex flex-wrap items-center gap-1.5">
                      <Decision d={item.before} />
                      <span aria-hidden="true" className="text-slate-400">
                        →
                      </span>
                      <span className="sr-only">becomes</span>
                      <Decision d={item.after} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
