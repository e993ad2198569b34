import Link from "next/link";
import { Badge, StatusBadge } from "@/components/ui/badge";
import type { z } from "zod";
import { utc } from "@/lib/format";
import type { ZReview } from "@/lib/schemas/responses/reviews";
import { ReviewActions } from "./review-actions";

export type ReviewItem = z.output<typeof ZReview>;

function payloadPreview(payload: unknown, max = 160): string {
  const text = JSON.stringify(payload ?? null) ?? "null";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

interface Props {
  items: ReviewItem[];
  /** May mark pending items (approver+); otherwise the list is read-only. */
  canMark: boolean;
  /** Emails of the reviewers named by reviewed items. */
  names: Map<string, string>;
}

/** Sampled auto-allows: what was allowed and by which rule, and either the buttons or the verdict. */
export function ReviewList({ items, canMark, names }: Props) {
  return (
    <ul className="space-y-2" data-testid="review-list">
      {items.map((review) => {
        const intent = review.intent;
        const title = (intent.summary as { title?: string } | null)?.title;
        return (
          <li
            key={review.id}
            className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-[minmax(0,1fr)_17rem]"
            data-testid="review-row"
            data-review-id={review.id}
            data-intent-id={intent.id}
            data-verdict={review.verdict ?? ""}
          >
            <div className="min-w-0 space-y-1.5 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge status={intent.status} />
                <Link href={`/intents/${intent.id}`} className="font-medium text-slate-900 hover:underline" data-testid="review-intent-link">
                  {intent.action}
                </Link>
                <span className="text-slate-500">by {intent.agent_name ?? intent.agent_id}</span>
              </div>
              {title ? <p className="text-slate-700">{title}</p> : null}
              <p className="text-xs text-slate-600">
                Allowed by rule <code className="font-medium text-slate-800">{review.rule_id}</code>
                {intent.environment ? (
                  <>
                    {" "}
                    in <code>{intent.environment}</code>
                  </>
                ) : null}{" "}
                · {utc(intent.created_at)}
              </p>
              <pre className="overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-50 px-2.5 py-1.5 font-mono text-xs text-slate-700" data-testid="review-payload">
                {payloadPreview(intent.payload)}
              </pre>
            </div>
            <div className="min-w-0">
              {review.verdict ? (
                <Verdict review={review} reviewer={review.reviewer_id ? (names.get(review.reviewer_id) ?? review.reviewer_id) : null} />
              ) : canMark ? (
                <ReviewActions reviewId={review.id} label={intent.action} />
              ) : (
                <p className="text-sm text-slate-500" data-testid="review-readonly">
                  Waiting for a review. Marking it needs the approver role.
                </p>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function Verdict({ review, reviewer }: { review: ReviewItem; reviewer: string | null }) {
  return (
    <div className="space-y-1 text-sm" data-testid="review-verdict" data-verdict={review.verdict}>
      <Badge tone={review.verdict === "wrong" ? "red" : "green"}>{review.verdict === "wrong" ? "Wrong to allow" : "Right to allow"}</Badge>
      <p className="text-xs text-slate-600">
        {reviewer ?? "someone"} · {utc(review.reviewed_at)}
      </p>
      {review.note ? (
        <p className="break-words text-slate-700" data-testid="review-verdict-note">
          {review.note}
        </p>
      ) : null}
    </div>
  );
}
