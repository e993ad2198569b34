import Link from "next/link";
import { GET as getLease } from "@/app/api/v1/leases/[id]/route";
import { ApprovalStrength } from "@/components/leases/approval-strength";
import { LeaseActions } from "@/components/leases/lease-actions";
import { ScopeChange, ScopeView } from "@/components/leases/scope-view";
import { Badge, StatusBadge } from "@/components/ui/badge";
import { Refused } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { leaseActivity } from "@/lib/domain/leases/lease-activity";
import { contextOf } from "@/lib/domain/request-context";
import { mayCall } from "@/lib/http/may-call";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";

export const dynamic = "force-dynamic";

/** The renewal ceremony: what happened in the window, what continues, what changed, and the decision. */
export default async function LeasePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  // The lease through GET /leases/{id} (its auth and 404); the window's activity has no GET operation.
  const read = await readOperation(operations.getLease, getLease, { params: { id }, page: `/leases/${encodeURIComponent(id)}` });
  if (!read.ok) return <Refused read={read} />;
  const lease = read.data;
  const activity = await leaseActivity(contextOf(user), id);
  const current = { capabilities: lease.capabilities, destinations: lease.destinations, spend_limit: lease.spend_limit, ttl: lease.ttl };
  const live = lease.status === "active" || lease.status === "expiring_soon";
  return (
    <div className="space-y-5">
      <Link href="/leases" className="text-sm text-slate-600 hover:underline">
        ← Leases
      </Link>
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="text-xl font-semibold">Lease for {activity.agentName}</h1>
        <Badge tone={lease.status === "expiring_soon" ? "amber" : live ? "green" : "gray"} testId="lease-status">
          {lease.status.replace("_", " ")}
        </Badge>
        <code className="text-xs text-slate-500">{lease.id}</code>
      </div>
      <p className="text-sm text-slate-600">
        {lease.expires_at ? `Expires ${lease.expires_at.replace("T", " ").slice(0, 19)} UTC` : "Not active yet"}
        {lease.revocation_reason ? ` · revoked: ${lease.revocation_reason}` : ""}
        {lease.parent_lease_id ? (
          <>
            {" · delegated from "}
            <Link className="underline" href={`/leases/${lease.parent_lease_id}`}>
              {lease.parent_lease_id}
            </Link>
          </>
        ) : null}
      </p>
      <ApprovalStrength approval={lease.approval} delegated={lease.parent_lease_id !== null} />

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-2 text-sm font-semibold">During this window (since {activity.since.replace("T", " ").slice(0, 16)})</h2>
        <div className="flex flex-wrap gap-4 text-sm" data-testid="lease-usage">
          <span>
            <strong>{lease.intents_count}</strong> intents counted
          </span>
          {lease.spend_limit ? (
            <span>
              <strong>
                {lease.spent} of {lease.spend_limit.amount} {lease.spend_limit.currency}
              </strong>{" "}
              spent ({lease.remaining} left)
            </span>
          ) : null}
          {activity.byStatus.map((s) => (
            <span key={s.status} className="inline-flex items-center gap-1">
              <StatusBadge status={s.status} /> {s.count}
            </span>
          ))}
        </div>
        {activity.denials.length > 0 ? (
          <p className="mt-2 text-sm text-rose-800" data-testid="lease-denials">
            Denied: {activity.denials.map((d) => `${d.count} × ${d.reasonCode}`).join(", ")}
          </p>
        ) : null}
        {activity.recent.length > 0 ? (
          <ul className="mt-3 space-y-1 text-sm">
            {activity.recent.map((i) => (
              <li key={i.id} className="flex flex-wrap gap-2">
                <StatusBadge status={i.status} />
                <Link href={`/intents/${i.id}`} className="hover:underline">
                  {i.action}
                </Link>
                {i.amount !== null ? <span className="tabular-nums">{i.amount} {i.currency}</span> : null}
                {i.status === "denied" ? <span className="text-rose-700">{i.reasonCode}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 className="mb-2 text-sm font-semibold">Scope that continues</h2>
        <ScopeView scope={current} testId="lease-current-scope" />
        <h2 className="mb-1 mt-4 text-sm font-semibold">Changed since the last human approval</h2>
        {activity.approvedScope ? <ScopeChange current={activity.approvedScope} requested={current} /> : <p className="text-sm text-slate-500">Not approved yet.</p>}
      </section>

      {activity.children.length > 0 ? (
        <section className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-sm font-semibold">Delegated sub-leases</h2>
          <ul className="space-y-1 text-sm">
            {activity.children.map((c) => (
              <li key={c.id}>
                <Link className="font-mono text-xs underline" href={`/leases/${c.id}`}>
                  {c.id}
                </Link>{" "}
                → agent {c.agent_id} · {c.status} · {c.capabilities.join(", ")}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {live && mayCall(operations.renewLease, user) ? <LeaseActions lease={lease} /> : null}
    </div>
  );
}
