"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { operationUrl } from "@/lib/client/api-client";
import { oversightOperations } from "@/lib/http/operations/oversight";

/**
 * Subscribes to the org's event stream (GET /api/v1/events) and re-renders the page's server data
 * when an intent changes, so new and resolved items appear without a reload. EventSource
 * reconnects by itself and resumes with Last-Event-ID.
 */
export function LiveRefresh({ types = ["intent."] }: { types?: string[] }) {
  const router = useRouter();
  const [connected, setConnected] = useState(false);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const source = new EventSource(operationUrl(oversightOperations.streamEvents));
    const refresh = () => {
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        router.refresh();
      }, 150);
    };
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    const onEvent = (e: MessageEvent) => {
      const type = (JSON.parse(e.data) as { type: string }).type;
      if (types.some((prefix) => type.startsWith(prefix))) refresh();
    };
    for (const type of ["intent.pending", "intent.resolved", "intent.approval_recorded", "intent.executing", "intent.completed", "intent.expired", "intent.escalated"]) {
      source.addEventListener(type, onEvent);
    }
    return () => {
      source.close();
      if (pending.current) clearTimeout(pending.current);
    };
  }, [router, types]);

  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-slate-500" data-testid="live" data-connected={connected}>
      <span className={`h-2 w-2 rounded-full ${connected ? "bg-emerald-500" : "bg-slate-300"}`} />
      {connected ? "Live" : "Connecting…"}
    </span>
  );
}
