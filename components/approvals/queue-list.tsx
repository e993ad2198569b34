"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { callApi } from "@/lib/client/api-client";
import { approvalOperations } from "@/lib/http/operations/approvals";
import { Button } from "../ui/button";
import { QueueCard } from "./queue-card";
import { ResolveForm } from "./resolve-form";
import type { QueueItem } from "./types";

/** Batch resolution is for low-risk items only: step-up and two-person items deserve a look each. */
const batchable = (item: QueueItem) => !item.step_up_required && item.approvals_required === 1;

/**
 * The queue: j/k move between cards, o opens, x selects, a/r open the approve/reject form on the
 * focused card. Selected low-risk items can be approved or rejected together with one reason.
 */
export function QueueList({ items, canResolve, fastWindowMs, me }: { items: QueueItem[]; canResolve: boolean; fastWindowMs: number; me: string }) {
  const router = useRouter();
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<{ id: string; decision: "approve" | "reject" } | null>(null);
  const [batchResult, setBatchResult] = useState<string | null>(null);

  const toggle = useCallback((id: string) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLElement && ["INPUT", "TEXTAREA", "SELECT"].includes(e.target.tagName)) return;
      if (e.metaKey || e.ctrlKey || e.altKey || items.length === 0) return;
      const current = items[Math.min(focus, items.length - 1)];
      if (e.key === "j") setFocus((f) => Math.min(f + 1, items.length - 1));
      else if (e.key === "k") setFocus((f) => Math.max(f - 1, 0));
      else if (e.key === "o" || e.key === "Enter") router.push(`/approvals/${current.intent.id}`);
      else if (e.key === "x" && batchable(current)) toggle(current.intent.id);
      else if ((e.key === "a" || e.key === "r") && canResolve) {
        e.preventDefault();
        setOpen({ id: current.intent.id, decision: e.key === "a" ? "approve" : "reject" });
      } else if (e.key === "Escape") setOpen(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [items, focus, canResolve, router, toggle]);

  const selectedItems = items.filter((i) => selected.has(i.intent.id));
  return (
    <div className="space-y-3">
      {canResolve ? (
        <BatchBar
          items={selectedItems}
          onDone={(result) => {
            setSelected(new Set());
            setBatchResult(result);
          }}
        />
      ) : null}
      {batchResult ? (
        <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="batch-result">
          {batchResult}
        </p>
      ) : null}
      {items.map((item, index) => (
        <div key={item.intent.id} className="flex gap-3">
          {canResolve ? (
            <input
              type="checkbox"
              aria-label={`Select ${item.decision_summary.title}`}
              className="mt-5 h-4 w-4"
              disabled={!batchable(item)}
              title={batchable(item) ? "Select for batch" : "Step-up and two-person items cannot be batch-resolved"}
              checked={selected.has(item.intent.id)}
              onChange={() => toggle(item.intent.id)}
            />
          ) : null}
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: keyboard users move focus with j/k */}
          {/* biome-ignore lint/a11y/noStaticElementInteractions: a click only moves the j/k focus marker */}
          <div className="min-w-0 flex-1" onClick={() => setFocus(index)}>
            <QueueCard item={item} focused={index === focus} me={me} />
            {open?.id === item.intent.id ? (
              <div className="mt-2 rounded-lg border border-slate-200 bg-white p-3">
                <ResolveForm
                  intentId={item.intent.id}
                  stepUpRequired={item.step_up_required}
                  fastWindowMs={fastWindowMs}
                  canResolve={canResolve}
                  globalShortcuts={false}
                  initialDecision={open.decision}
                  onDone={() => setOpen(null)}
                />
              </div>
            ) : null}
          </div>
        </div>
      ))}
      <p className="text-xs text-slate-400">Shortcuts: j/k move · o open · x select · a approve · r reject · Esc close</p>
    </div>
  );
}

function BatchBar({ items, onDone }: { items: QueueItem[]; onDone: (result: string) => void }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (items.length === 0) return null;

  async function run(decision: "approve" | "reject") {
    if (!reason.trim()) {
      setMessage("A reason is required for a batch.");
      return;
    }
    setBusy(true);
    const res = await callApi(approvalOperations.batchResolve, { body: { intent_ids: items.map((i) => i.intent.id), decision, reason: reason.trim() } });
    setBusy(false);
    if (!res.ok) {
      setMessage(res.error.message);
      return;
    }
    setMessage(null);
    setReason("");
    onDone(`${res.data.succeeded} resolved, ${res.data.failed} refused`);
    router.refresh();
  }

  return (
    <div className="sticky top-2 z-10 flex flex-wrap items-center gap-2 rounded-lg border border-sky-200 bg-sky-50 p-3" data-testid="batch-bar">
      <span className="text-sm font-medium">{items.length} selected</span>
      <input
        aria-label="Batch reason"
        placeholder="One reason for all selected"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        className="min-w-48 flex-1 rounded-md border border-slate-300 px-2 py-1 text-sm"
      />
      <Button variant="approve" disabled={busy} onClick={() => run("approve")}>
        Approve selected
      </Button>
      <Button variant="reject" disabled={busy} onClick={() => run("reject")}>
        Reject selected
      </Button>
      {message ? <span role="status" className="text-sm text-slate-700">{message}</span> : null}
    </div>
  );
}
