"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type ApiResult, callApi } from "@/lib/client/api-client";
import { leaseOperations } from "@/lib/http/operations/leases";
import { Button } from "../ui/button";
import { ErrorNote } from "../ui/states";

interface Props {
  lease: { id: string; ttl: string; capabilities: string[]; spend_limit: { amount: number; currency: string; window: string } | null };
}

/**
 * Narrow (fewer capabilities, less spend, no later end: applies at once), ask to extend or widen
 * (a renew-stage item in the queue, decided by the policy like the agent's own request), or revoke.
 */
export function LeaseActions({ lease }: Props) {
  const router = useRouter();
  const [ttl, setTtl] = useState(lease.ttl);
  const [capabilities, setCapabilities] = useState(lease.capabilities.join(", "));
  const [spend, setSpend] = useState(lease.spend_limit ? String(lease.spend_limit.amount) : "");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function post(call: () => Promise<ApiResult<unknown>>) {
    setBusy(true);
    setError(null);
    setQueued(null);
    const res = await call();
    setBusy(false);
    if (!res.ok) {
      setError(res.error.message);
      return;
    }
    if (res.status === 202) setQueued((res.data as { renewal?: { renewal_intent_id?: string | null } }).renewal?.renewal_intent_id ?? null);
    router.refresh();
  }
  const params = { id: lease.id };

  const renewBody = () => ({
    ttl,
    capabilities: capabilities.split(",").map((c) => c.trim()).filter(Boolean),
    ...(lease.spend_limit && spend ? { spend_limit: { ...lease.spend_limit, amount: Number(spend) } } : {}),
    ...(reason.trim() ? { reason: reason.trim() } : {}),
  });

  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="lease-actions">
      <h2 className="text-sm font-semibold">Decide</h2>
      <div className="grid gap-2 sm:grid-cols-3">
        <label className="text-xs text-slate-600">
          Time to live (e.g. 8h, 2d)
          <input aria-label="Lease ttl" value={ttl} onChange={(e) => setTtl(e.target.value)} className="mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </label>
        <label className="text-xs text-slate-600 sm:col-span-2">
          Capabilities (comma-separated)
          <input aria-label="Lease capabilities" value={capabilities} onChange={(e) => setCapabilities(e.target.value)} className="mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </label>
        {lease.spend_limit ? (
          <label className="text-xs text-slate-600">
            Spend limit ({lease.spend_limit.currency} per {lease.spend_limit.window})
            <input aria-label="Lease spend" inputMode="decimal" value={spend} onChange={(e) => setSpend(e.target.value)} className="mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
          </label>
        ) : null}
        <label className="text-xs text-slate-600 sm:col-span-2">
          Reason (recorded in the audit trail)
          <input aria-label="Lease reason" value={reason} onChange={(e) => setReason(e.target.value)} className="mt-0.5 w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </label>
      </div>
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      {queued ? (
        <p className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900" role="status" data-testid="renewal-queued">
          A longer or wider lease needs the approval the policy asks for, even when a member asks. It is waiting in the queue:{" "}
          <Link href={`/intents/${queued}`} className="font-medium underline">
            review the renewal
          </Link>
          .
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button variant="approve" disabled={busy} onClick={() => post(() => callApi(leaseOperations.renewLease, { params, body: renewBody() }))}>
          Extend or apply scope
        </Button>
        <Button variant="reject" disabled={busy} onClick={() => post(() => callApi(leaseOperations.revokeLease, { params, body: reason.trim() ? { reason: reason.trim() } : {} }))}>
          Revoke now
        </Button>
      </div>
    </section>
  );
}
