import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveRefresh } from "@/components/approvals/live-refresh";
import { requireUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { IntentDetail } from "./intent-detail";

/**
 * A full page for one intent, live, with a link back to where the reviewer came from (the queue
 * or the history). An id that is not the caller's org's is Next's 404 page.
 */
export async function IntentDetailPage({ id, back }: { id: string; back: { href: string; label: string; testId?: string } }) {
  const user = await requireUser();
  try {
    return (
      <div>
        <div className="mb-4 flex items-center justify-between">
          <Link href={back.href} className="text-sm text-slate-600 hover:underline" data-testid={back.testId}>
            ← {back.label}
          </Link>
          <LiveRefresh />
        </div>
        {await IntentDetail({ user, intentId: id })}
      </div>
    );
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}
