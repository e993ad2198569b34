import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveRefresh } from "@/components/approvals/live-refresh";
import { IntentDetail } from "@/components/intents/intent-detail";
import { requireUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** One intent from the history: the full record and its decisions log (the queue's detail view). */
export default async function IntentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  try {
    return (
      <div>
        <div className="mb-4 flex items-center justify-between">
          <Link href="/intents" className="text-sm text-slate-600 hover:underline" data-testid="back-to-history">
            ← History
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
