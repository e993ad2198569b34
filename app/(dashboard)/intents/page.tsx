import Link from "next/link";
import { z } from "zod";
import { HistoryFilters } from "@/components/intents/history-filters";
import { HistoryList } from "@/components/intents/history-list";
import { Pager } from "@/components/ui/pager";
import { EmptyState, ErrorNote, PageHeader } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { intentFacets } from "@/lib/domain/intents/intent-facets";
import { contextOf } from "@/lib/domain/request-context";
import { listIntents } from "@/lib/domain/intents/list-intents";
import { AppError } from "@/lib/errors";
import { INTENT_STATUSES } from "@/lib/schemas/common";
import { type SearchParams, oneParam, queryString } from "@/lib/search-params";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;
const ZStatus = z.enum(INTENT_STATUSES);

/** History: every intent of the org (viewer+), newest first, searchable and filterable by URL. */
export default async function IntentsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const rawStatus = oneParam(params.status);
  const status = rawStatus ? ZStatus.safeParse(rawStatus) : null;
  const filters = {
    q: oneParam(params.q, 200),
    status: status?.success ? status.data : undefined,
    action: oneParam(params.action),
    agent: oneParam(params.agent),
  };
  const cursor = oneParam(params.cursor);
  const filtered = Boolean(filters.q || filters.status || filters.action || filters.agent);
  const facets = await intentFacets(contextOf(user));
  const page = await listIntents(contextOf(user), filters, { limit: PAGE_SIZE, cursor }).catch((error) => {
    if (error instanceof AppError && error.code === "validation_failed") return null;
    throw error;
  });

  return (
    <div>
      <PageHeader title="History" />
      <HistoryFilters facets={facets} current={{ ...filters, status: rawStatus }} />
      <div className="mt-4 space-y-3">
        {status && !status.success ? <ErrorNote>Unknown status “{rawStatus}”: showing every status.</ErrorNote> : null}
        {!page ? (
          <ErrorNote>
            This page link is no longer valid.{" "}
            <Link href={`/intents${queryString(filters)}`} className="font-medium underline">
              Start from the newest
            </Link>
            .
          </ErrorNote>
        ) : page.items.length === 0 ? (
          <EmptyState title={filtered ? "No intents match this search" : cursor ? "No older intents" : "No intents yet"}>
            {filtered ? "Try another search or clear the filters." : "Intents appear here once an agent proposes one."}
          </EmptyState>
        ) : (
          <>
            <HistoryList items={page.items} />
            <Pager path="/intents" filters={filters} cursor={cursor} nextCursor={page.next_cursor} testId="history" />
          </>
        )}
      </div>
    </div>
  );
}
