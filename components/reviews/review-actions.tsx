"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { callApi } from "@/lib/client/api-client";
import { oversightOperations } from "@/lib/http/operations/oversight";

/** Right / Wrong on one sampled auto-allow, with an optional note; the list refreshes once marked. */
export function ReviewActions({ reviewId, label }: { reviewId: string; label: string }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState<"right" | "wrong" | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function mark(verdict: "right" | "wrong") {
    setBusy(verdict);
    setError(null);
    const res = await callApi(oversightOperations.markReview, { params: { id: reviewId }, body: { verdict, ...(note.trim() ? { note: note.trim() } : {}) } });
    if (!res.ok) {
      setBusy(null);
      setError(res.error.message);
      if (res.error.code === "already_resolved") router.refresh();
      return;
    }
    router.refresh();
  }

  return (
    <div className="space-y-2" data-testid="review-actions">
      <textarea
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={2000}
        rows={2}
        aria-label={`Note on ${label}`}
        placeholder="Note (optional): why it was right or wrong"
        className="w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm placeholder:text-slate-400 focus:border-sky-500 focus:outline-none focus:ring-2 focus:ring-sky-200"
        data-testid="review-note"
      />
      <div className="flex gap-2">
        <Button variant="approve" className="flex-1" disabled={busy !== null} onClick={() => mark("right")} data-testid="review-right">
          {busy === "right" ? "Saving…" : "Right"}
        </Button>
        <Button variant="reject" className="flex-1" disabled={busy !== null} onClick={() => mark("wrong")} data-testid="review-wrong">
          {busy === "wrong" ? "Saving…" : "Wrong"}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-rose-700" data-testid="review-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
