import Link from "next/link";
import { GET as listLeases } from "@/app/api/v1/leases/route";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader, Refused } from "@/components/ui/states";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";

export const dynamic = "force-dynamic";

const TONE = { active: "green", expiring_soon: "amber", pending_approval: "blue", expired: "gray", revoked: "red" } as const;

export default async function LeasesPage() {
  const read = await readOperation(operations.listLeases, listLeases, { query: { limit: 200 }, page: "/leases" });
  if (!read.ok) return <Refused read={read} />;
  const { items } = read.data;
  return (
    <div>
      <PageHeader title="Leases" />
      {items.length === 0 ? (
        <EmptyState title="No leases yet">Agents ask for leases with POST /api/v1/leases; requests appear in the queue.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid="leases-table">
            <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Lease</th>
                <th className="px-3 py-2">Status</th>
                <th className="px-3 py-2">Capabilities</th>
                <th className="px-3 py-2">Spend</th>
                <th className="px-3 py-2">Expires</th>
              </tr>
            </thead>
            <tbody>
              {items.map((lease) => (
                <tr key={lease.id} className="border-t border-slate-100" data-testid="lease-row" data-lease-id={lease.id}>
                  <td className="px-3 py-2">
                    <Link href={`/leases/${lease.id}`} className="font-mono text-xs text-sky-800 hover:underline">
                      {lease.id}
                    </Link>
                    {lease.parent_lease_id ? <span className="ml-1 text-xs text-slate-500">(delegated)</span> : null}
                  </td>
                  <td className="px-3 py-2">
                    <Badge tone={TONE[lease.status]}>{lease.status.replace("_", " ")}</Badge>
                  </td>
                  <td className="px-3 py-2">{lease.capabilities.join(", ")}</td>
                  <td className="px-3 py-2 tabular-nums">
                    {lease.spend_limit ? `${lease.spent} / ${lease.spend_limit.amount} ${lease.spend_limit.currency}` : "—"}
                  </td>
                  <td className="px-3 py-2 text-xs text-slate-600">{lease.expires_at?.replace("T", " ").slice(0, 16) ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
