import { LiveRefresh } from "@/components/approvals/live-refresh";
import { QueueFilters } from "@/components/approvals/queue-filters";
import { QueueList } from "@/components/approvals/queue-list";
import { GET as listApprovals } from "@/app/api/v1/approvals/route";
import { EmptyState, PageHeader, Refused } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { queueFacets } from "@/lib/domain/approvals/queue-facets";
import { contextOf } from "@/lib/domain/request-context";
import { FAST_APPROVAL_WINDOW_MS } from "@/lib/domain/approvals/resolve-approval";
import { mayCall } from "@/lib/http/may-call";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";
import { type SearchParams, oneParam } from "@/lib/search-params";

export const dynamic = "force-dynamic";

export default async function ApprovalsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const { action, agent, environment, risk_tag, assigned } = await searchParams;
  const mine = oneParam(assigned) === "me" ? ("me" as const) : undefined;
  const [read, facets] = await Promise.all([
    readOperation(operations.listApprovals, listApprovals, { query: { action, agent, environment, risk_tag, assigned: mine, limit: 200 }, page: "/approvals" }),
    // Facet counts: no GET operation offers them.
    queueFacets(contextOf(user)),
  ]);
  if (!read.ok) return <Refused read={read} />;
  const queue = read.data;
  const filters = { action: oneParam(action), agent: oneParam(agent), environment: oneParam(environment), risk_tag: oneParam(risk_tag), assigned: mine };
  const filtered = Object.values(filters).some(Boolean);
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
          <QueueList items={queue.items} canResolve={mayCall(operations.approveIntent, user)} fastWindowMs={FAST_APPROVAL_WINDOW_MS} me={user.userId} />
        )}
      </div>
    </div>
  );
}
