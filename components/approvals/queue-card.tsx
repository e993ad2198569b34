import Link from "next/link";
import { ScopeChange, ScopeView } from "../leases/scope-view";
import { Badge } from "../ui/badge";
import { SlaCountdown } from "./sla-countdown";
import type { QueueItem } from "./types";

function money(amount: number | null, currency: string | null) {
  if (amount === null) return null;
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currency ?? "USD" }).format(amount);
  } catch {
    return `${amount} ${currency ?? ""}`.trim();
  }
}

/** Everything a reviewer needs to decide at a glance; the detail page has the full payload and diff. */
export function QueueCard({ item, focused, me }: { item: QueueItem; focused: boolean; me: string }) {
  const { intent } = item;
  const context = (intent.context ?? {}) as { model_id?: string; agent_version?: string; confidence?: number };
  const preview = JSON.stringify(intent.payload);
  const amount = money(intent.amount, intent.currency);
  return (
    <article
      data-testid="queue-card"
      data-intent-id={intent.id}
      className={`rounded-lg border bg-white p-4 shadow-sm ${focused ? "border-sky-500 ring-2 ring-sky-200" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-center gap-2 text-xs">
        <Badge tone="blue">{intent.action}</Badge>
        <Badge>{intent.stage}</Badge>
        {intent.environment ? <Badge tone={intent.environment === "production" ? "red" : "gray"}>{intent.environment}</Badge> : null}
        {intent.risk_tags.map((tag) => (
          <Badge key={tag} tone="amber">
            {tag}
          </Badge>
        ))}
        {item.step_up_required ? <Badge tone="violet">passkey step-up</Badge> : null}
        <Badge tone={item.assigned_to === me ? "blue" : "gray"} testId="assignee">
          {item.assigned_to === me ? "Assigned to you" : item.assigned_to ? "Assigned to a teammate" : "Unassigned"}
          {item.assigned_only ? " · only the assignee may resolve" : ""}
        </Badge>
        <span className="ml-auto">
          <SlaCountdown deadline={item.sla_deadline} />
        </span>
      </div>
      <Link href={`/approvals/${intent.id}`} className="mt-2 block text-base font-semibold text-slate-900 hover:underline">
        {item.decision_summary.title}
      </Link>
      <dl className="mt-2 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <Field label="Why">{item.decision_summary.why}</Field>
        <Field label="Next effect">{item.decision_summary.next_effect}</Field>
        <Field label="Policy">
          <code className="text-xs">{item.policy_rule_id ?? "default"}</code> — {item.policy_reason}
        </Field>
        <Field label="Agent">
          {intent.agent_name ?? intent.agent_id}
          {context.model_id ? ` · ${context.model_id}` : ""}
          {context.agent_version ? ` · v${context.agent_version}` : ""}
          {typeof context.confidence === "number" ? ` · confidence ${context.confidence}` : ""}
        </Field>
        {intent.destination ? <Field label="Destination">{intent.destination}</Field> : null}
        {amount ? <Field label="Amount">{amount}</Field> : null}
        {intent.rationale && intent.rationale !== item.decision_summary.why ? <Field label="Agent's rationale">{intent.rationale}</Field> : null}
        <Field label="Approvals">
          <span data-testid="approvals-count">
            {item.approvals_received} of {item.approvals_required}
          </span>
        </Field>
      </dl>
      {intent.action === "lease.create" ? (
        <div className="mt-2 rounded-md border border-sky-200 bg-sky-50 p-2">
          <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-sky-800">Lease requested — scope to grant</p>
          <ScopeView scope={intent.payload as Parameters<typeof ScopeView>[0]["scope"]} testId="lease-scope" />
        </div>
      ) : null}
      {intent.action === "lease.renew" ? (
        <div className="mt-2 rounded-md border border-sky-200 bg-sky-50 p-2">
          <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-sky-800">Lease renewal — what changes</p>
          <ScopeChange {...(intent.payload as Parameters<typeof ScopeChange>[0])} />
        </div>
      ) : null}
      <pre className="mt-2 max-h-20 overflow-hidden rounded bg-slate-50 px-2 py-1 text-xs text-slate-600" title="Payload preview">
        {preview.length > 400 ? `${preview.slice(0, 400)}…` : preview}
      </pre>
    </article>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="inline text-slate-500">{label}: </dt>
      <dd className="inline break-words text-slate-800">{children}</dd>
    </div>
  );
}
