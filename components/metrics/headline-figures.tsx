import type { ReactNode } from "react";
import { count, duration, percent } from "@/lib/metrics-format";
import type { Metrics } from "./types";

interface Figure {
  id: string;
  label: string;
  value: number | null;
  text: string;
  hint: ReactNode;
  tone?: "alert";
}

/** The range's headline numbers; each carries its raw value in data-value (rates 0–1, times in seconds). */
export function HeadlineFigures({ metrics: m }: { metrics: Metrics }) {
  const figures: Figure[] = [
    { id: "intents", label: "Intents", value: m.intents, text: count(m.intents), hint: "proposed in the range" },
    { id: "auto-allow-rate", label: "Auto-allowed", value: m.auto_allow_rate, text: percent(m.auto_allow_rate), hint: "allowed by policy, no human" },
    { id: "deny-rate", label: "Denied", value: m.deny_rate, text: percent(m.deny_rate), hint: "refused by policy or lease" },
    { id: "approval-rate", label: "Sent for approval", value: m.approval_rate, text: percent(m.approval_rate), hint: "policy asked a human" },
    { id: "tta-p50", label: "Time to approve p50", value: m.time_to_approve_p50_s, text: duration(m.time_to_approve_p50_s), hint: "median wait for a human" },
    { id: "tta-p95", label: "Time to approve p95", value: m.time_to_approve_p95_s, text: duration(m.time_to_approve_p95_s), hint: "95th percentile" },
    { id: "override-rate", label: "Override rate", value: m.override_rate, text: percent(m.override_rate), hint: "human resolutions and reviews against the call" },
    {
      id: "sla-breaches",
      label: "SLA breaches",
      value: m.sla_breaches,
      text: count(m.sla_breaches),
      hint: "approvals not resolved in time",
      tone: m.sla_breaches > 0 ? "alert" : undefined,
    },
  ];
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4" data-testid="headline">
      {figures.map((f) => (
        <div
          key={f.id}
          className={`min-w-0 rounded-lg border px-3 py-2.5 ${f.tone === "alert" ? "border-rose-200 bg-rose-50" : "border-slate-200 bg-white"}`}
          data-testid={`metric-${f.id}`}
          data-value={f.value ?? ""}
        >
          <dt className="truncate text-xs font-medium text-slate-500">{f.label}</dt>
          <dd className={`mt-0.5 text-2xl font-semibold tabular-nums ${f.tone === "alert" ? "text-rose-700" : "text-slate-900"}`} data-testid={`metric-${f.id}-text`}>
            {f.text}
          </dd>
          <dd className="text-xs leading-snug text-slate-500">{f.hint}</dd>
        </div>
      ))}
    </dl>
  );
}
