import Link from "next/link";
import { GET as listReviews } from "@/app/api/v1/reviews/route";
import { type ReviewItem, ReviewList } from "@/components/reviews/review-list";
import { EmptyState, ErrorNote, PageHeader, Refused } from "@/components/ui/states";
import { requireUser } from "@/lib/auth/current-user";
import { nameActors } from "@/lib/domain/orgs/name-actors";
import { mayCall } from "@/lib/http/may-call";
import { operations } from "@/lib/http/operations";
import { readOperation } from "@/lib/http/read-operation";
import { type SearchParams, oneParam, queryString } from "@/lib/search-params";
import { contextOf } from "@/lib/domain/request-context";

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
  const read = await readOperation(operations.listReviews, listReviews, { query: { status, limit: PAGE_SIZE, cursor }, page: "/reviews" });
  if (!read.ok && read.status === 403) return <Refused read={read} />;
  const page = read.ok ? read.data : null;
  const items: ReviewItem[] = page?.items ?? [];
  // Reviewers' emails: no GET operation names actors.
  const names = await nameActors(contextOf(user), { users: items.map((r) => r.reviewer_id) });
  const canMark = mayCall(operations.markReview, user);

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
