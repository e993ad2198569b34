import { LiveRefresh } from "@/components/approvals/live-refresh";
import { QueueFilters } from "@/components/approvals/queue-filters";
import { QueueList } from "@/components/approvals/queue-list";
import { EmptyState, PageHeader } from "@/components/ui/states";
import { can, requireUser } from "@/lib/auth/current-user";
import { listApprovals } from "@/lib/domain/approvals/list-approvals";
import { queueFacets } from "@/lib/domain/approvals/queue-facets";

export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : undefined);

export default async function ApprovalsPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  const params = await searchParams;
  const filters = {
    include_resolved: false,
    action: one(params.action),
    agent: one(params.agent),
    environment: one(params.environment),
    risk_tag: one(params.risk_tag),
  };
  const [queue, facets] = await Promise.all([listApprovals(user, filters, { limit: 200 }), queueFacets(user.orgId)]);
  const filtered = Boolean(filters.action || filters.agent || filters.environment || filters.risk_tag);
  return (
    <div>
      <PageHeader title="Approval queue">
        <div className="flex items-center gap-3 text-sm text-slate-600">
          <span data-testid="pending-count">
            {filtered ? `${queue.items.length} of ${facets.total}` : facets.total} pending
          </span>
          <LiveRefresh />
        </div>
      </PageHeader>
      <QueueFilters facets={facets} current={filters} />
      <div className="mt-4">
        {queue.items.length === 0 ? (
          <EmptyState title={filtered ? "Nothing pending matches these filters" : "Nothing waiting for a human"}>
            New requests from your agents appear here as they arrive.
          </EmptyState>
        ) : (
          <QueueList items={queue.items} canResolve={can(user, "approver")} />
        )}
      </div>
    </div>
  );
}
