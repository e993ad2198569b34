import { AppError, notFound } from "../../errors";
import { iso } from "../../time";
import { appendAuditEvent } from "../audit/append-audit-event";
import { decodeCursor, encodeCursor } from "../intents/intent-cursor";
import { INTENT_INCLUDE, serializeIntent } from "../intents/serialize-intent";
import { type Page, pageOf } from "../pagination";
import type { UserContext } from "../request-context";

type ReviewRow = {
  id: string; intentId: string; ruleId: string; verdict: string | null; note: string | null;
  reviewerId: string | null; reviewedAt: Date | null; createdAt: Date;
  intent: Parameters<typeof serializeIntent>[0];
};

function serializeReview(r: ReviewRow) {
  return {
    id: r.id,
    intent: serializeIntent(r.intent),
    rule_id: r.ruleId,
    verdict: r.verdict as "right" | "wrong" | null,
    note: r.note,
    reviewer_id: r.reviewerId,
    reviewed_at: iso(r.reviewedAt),
    created_at: r.createdAt.toISOString(),
  };
}

/** GET /reviews: the review-after queue (sampled auto-allowed intents), oldest pending first. */
export async function listReviews(ctx: UserContext, status: "pending" | "reviewed" | "all", page: Page) {
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  const rows = await ctx.db.review.findMany({
    where: {
      ...(status === "pending" ? { verdict: null } : status === "reviewed" ? { verdict: { not: null } } : {}),
      ...(after ? { OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: page.limit + 1,
    include: { intent: { include: INTENT_INCLUDE } },
  });
  return pageOf(rows, page.limit, encodeCursor, serializeReview);
}

/** POST /reviews/{id}: a human marks an auto-allowed decision right or wrong, once. */
export async function markReview(ctx: UserContext, reviewId: string, input: { verdict: "right" | "wrong"; note?: string }) {
  await ctx.tx(async (tx) => {
    const changed = await tx.review.updateMany({
      where: { id: reviewId, verdict: null },
      data: { verdict: input.verdict, note: input.note ?? null, reviewerId: ctx.actor.id, reviewedAt: new Date() },
    });
    if (changed.count === 0) {
      const exists = await tx.review.findFirst({ where: { id: reviewId }, select: { id: true } });
      if (!exists) throw notFound("Review");
      throw new AppError("already_resolved", "This review has already been marked");
    }
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "review.marked",
      subject: { type: "review", id: reviewId },
      data: { verdict: input.verdict, note: input.note ?? null },
    });
  });
  const row = await ctx.db.review.findFirstOrThrow({ where: { id: reviewId }, include: { intent: { include: INTENT_INCLUDE } } });
  return serializeReview(row);
}
