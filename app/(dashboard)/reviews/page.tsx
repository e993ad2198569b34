import Link from "next/link";
import { type ReviewItem, ReviewList } from "@/components/reviews/review-list";
import { EmptyState, ErrorNote, PageHeader } from "@/components/ui/states";
import { can, requireUser } from "@/lib/auth/current-user";
import { nameActors } from "@/lib/domain/orgs/name-actors";
import { listReviews } from "@/lib/domain/reviews/reviews";
import { AppError } from "@/lib/errors";
import { type SearchParams, oneParam, queryString } from "@/lib/search-params";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 50;
const TABS = [
  { id: "pending", label: "To review" },
  { id: "reviewed", label: "Reviewed" },
] as const;

/**
 * The review-after queue (viewer+ reads, approver+ marks): a random sample of intents the policy
 * allowed on its own, for a human to call right or wrong after the fact. Wrong ones raise the
 * rule's override rate on the metrics page.
 */
export default async function ReviewsPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const params = await searchParams;
  const status = oneParam(params.status) === "reviewed" ? "reviewed" : "pending";
  const cursor = oneParam(params.cursor);
  const page = await listReviews(user, status, { limit: PAGE_SIZE, cursor }).catch((error) => {
    if (error instanceof AppError && error.code === "validation_failed") return null;
    throw error;
  });
  const items: ReviewItem[] = page?.items ?? [];
  const names = await nameActors(user.orgId, { users: items.map((r) => r.reviewer_id) });
  const canMark = can(user, "approver");

  return (
    <div className="space-y-4">
      <PageHeader title="Review after">
        <Link href="/metrics" className="text-sm text-slate-600 hover:underline">
          Metrics →
        </Link>
      </PageHeader>
      <p className="-mt-3 text-sm text-slate-600">
        A random share of what the policy allowed without a human (rules with <code>sample:</code>). Mark each right or wrong: wrong ones count as
        overrides and can flag a rule for tightening.
      </p>
      <nav className="flex gap-1 border-b border-slate-200" aria-label="Review status">
        {TABS.map((tab) => {
          const active = tab.id === status;
          return (
            <Link
              key={tab.id}
              href={`/reviews${queryString({ status: tab.id === "pending" ? undefined : tab.id })}`}
              aria-current={active ? "page" : undefined}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-slate-900 text-slate-900" : "border-transparent text-slate-500 hover:text-slate-800"}`}
              data-testid={`reviews-tab-${tab.id}`}
            >
              {tab.label}
            </Link>
          );
        })}
      </nav>
      {!page ? (
        <ErrorNote>
          This page link is no longer valid.{" "}
          <Link href={`/reviews${queryString({ status: status === "pending" ? undefined : status })}`} className="font-medium underline">
            Start from the beginning
          </Link>
          .
        </ErrorNote>
      ) : items.length === 0 ? (
        <EmptyState title={status === "pending" ? "Nothing to review" : "No reviews yet"}>
          {status === "pending"
            ? "Sampled auto-allowed intents appear here. Add `sample: 0.05` to an allow rule to send 5% of its intents for review."
            : "Marked reviews are listed here with their verdicts."}
        </EmptyState>
      ) : (
        <>
          <ReviewList items={items} canMark={canMark && status === "pending"} names={names} />
          {page.next_cursor ? (
            <nav className="flex justify-end text-sm" aria-label="Pages">
              <Link
                href={`/reviews${queryString({ status: status === "pending" ? undefined : status, cursor: page.next_cursor })}`}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-800 hover:bg-slate-50"
                data-testid="reviews-more"
              >
                More →
              </Link>
            </nav>
          ) : null}
        </>
      )}
    </div>
  );
}
