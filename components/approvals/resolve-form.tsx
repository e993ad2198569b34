"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { ApiError, type AssertionJson, callApi, dataOrThrow, webAuthnJson } from "@/lib/client/api-client";
import { approvalOperations } from "@/lib/http/operations/approvals";
import { Button } from "../ui/button";
import { ErrorNote } from "../ui/states";

/** Gets options bound to this approval, then asks the browser's authenticator to sign them. */
async function confirmWithPasskey(intentId: string) {
  const options = dataOrThrow(await callApi(approvalOperations.beginStepUp, { params: { intent_id: intentId }, body: {} }));
  return startAuthentication({ optionsJSON: webAuthnJson(options) });
}

interface Props {
  intentId: string;
  stepUpRequired: boolean;
  /** Within this long of opening the item an approval needs a reason too (the server's rule, passed down). */
  fastWindowMs: number;
  canResolve: boolean;
  /** Why this member cannot resolve, when canResolve is false. */
  blockedReason?: string;
  /** Listen for a/r anywhere on the page (detail view); the queue passes false and drives it itself. */
  globalShortcuts?: boolean;
  initialDecision?: "approve" | "reject";
  onDone?: () => void;
}

/**
 * Approve / reject with reason and note. A reason is required to reject, and to approve within
 * 10 s of opening the item (the server checks the same; this only says so sooner).
 */
export function ResolveForm({ intentId, stepUpRequired, fastWindowMs, canResolve, blockedReason, globalShortcuts = true, initialDecision, onDone }: Props) {
  const router = useRouter();
  const openedAt = useRef(new Date());
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [needsPasskey, setNeedsPasskey] = useState(false);

  async function resolve(decision: "approve" | "reject") {
    setError(null);
    const fast = Date.now() - openedAt.current.getTime() < fastWindowMs;
    if (!reason.trim() && (decision === "reject" || fast)) {
      setError(decision === "reject" ? "A reason is required to reject." : `You opened this less than ${fastWindowMs / 1000} seconds ago: say why you approve.`);
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    setNeedsPasskey(false);
    try {
      // Step-up: a passkey assertion made for this very decision (challenge bound to intent and payload).
      const stepUp = stepUpRequired ? { response: webAuthnJson<AssertionJson>(await confirmWithPasskey(intentId)) } : undefined;
      const operation = decision === "approve" ? approvalOperations.approveIntent : approvalOperations.rejectIntent;
      dataOrThrow(
        await callApi(operation, {
          params: { intent_id: intentId },
          body: {
            ...(reason.trim() ? { reason: reason.trim() } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
            opened_at: openedAt.current.toISOString(),
            ...(stepUp ? { step_up: stepUp } : {}),
          },
        }),
      );
    } catch (e) {
      setBusy(false);
      setError((e as Error).message);
      setNeedsPasskey(e instanceof ApiError && e.error.details?.reason === "no_passkey");
      return;
    }
    setBusy(false);
    onDone?.();
    router.refresh();
  }

  const resolveRef = useRef(resolve);
  resolveRef.current = resolve;
  useEffect(() => {
    if (initialDecision) reasonRef.current?.focus();
  }, [initialDecision]);
  useEffect(() => {
    if (!globalShortcuts || !canResolve) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLElement && ["INPUT", "TEXTAREA", "SELECT"].includes(e.target.tagName)) return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      if (e.key === "a") resolveRef.current("approve");
      if (e.key === "r") resolveRef.current("reject");
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [globalShortcuts, canResolve]);

  if (!canResolve) return <p className="text-sm text-slate-500" data-testid="cannot-resolve">{blockedReason ?? "You cannot resolve this item."}</p>;

  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        resolve(initialDecision ?? "approve");
      }}
    >
      <textarea
        ref={reasonRef}
        name="reason"
        aria-label="Reason"
        placeholder="Reason (required to reject)"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) resolve(initialDecision ?? "approve");
        }}
        rows={2}
        className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
      />
      <input
        name="note"
        aria-label="Note"
        placeholder="Note for the audit trail (optional)"
        value={note}
        onChange={(e) => setNote(e.target.value)}
        className="w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm"
      />
      {error ? <ErrorNote>{error}</ErrorNote> : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="approve" disabled={busy} onClick={() => resolve("approve")} title={stepUpRequired ? "Approve with your passkey (a)" : "Approve (a)"}>
          {stepUpRequired ? "Approve with passkey" : "Approve"} <kbd className="rounded bg-white/20 px-1 text-[10px]">a</kbd>
        </Button>
        <Button variant="reject" disabled={busy} onClick={() => resolve("reject")} title="Reject (r)">
          Reject <kbd className="rounded bg-white/20 px-1 text-[10px]">r</kbd>
        </Button>
        {stepUpRequired ? <span className="text-xs text-violet-700">Approval needs a fresh passkey confirmation (publisher).</span> : null}
        {needsPasskey ? (
          <a href="/settings" className="text-sm font-medium text-violet-800 underline" data-testid="register-passkey-prompt">
            Register a passkey first
          </a>
        ) : null}
      </div>
    </form>
  );
}
