"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/states";
import { RowErrorNote, useRowActions } from "@/components/ui/row-actions";
import { callApi, describeApiError } from "@/lib/client/api-client";
import { webhookOperations as api } from "@/lib/http/operations/webhooks";
import type { DeliveryView } from "@/lib/schemas/responses/webhooks";
import { utc } from "@/lib/format";

const TONE: Record<string, Tone> = { delivered: "green", pending: "amber", failed: "red" };

/**
 * The delivery log of one webhook, newest first: status, attempts, the last status code or error,
 * when the next attempt is due, and every attempt on demand; failed or delivered ones can be sent
 * again. While an attempt is under way or due soon, the page re-reads itself every few seconds.
 */
export function DeliveryLog({ webhookId, deliveries }: { webhookId: string; deliveries: DeliveryView[] }) {
  const router = useRouter();
  const { busy, error: rowError, run } = useRowActions(describeApiError);
  // Re-read while something is being sent or due within a minute, not for a retry hours away.
  const live = deliveries.some((d) => d.in_progress || (d.next_attempt_at !== null && Date.parse(d.next_attempt_at) - Date.now() < 60_000));

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [live, router]);

  const redeliver = (delivery: DeliveryView) =>
    run(delivery.id, () =>
      callApi(api.redeliverWebhookDelivery, { params: { id: webhookId, delivery_id: delivery.id }, body: {} }),
    );

  if (deliveries.length === 0) {
    return <EmptyState title="No deliveries yet">Each event this webhook subscribes to shows up here, with every attempt to send it.</EmptyState>;
  }
  return (
    <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white" data-testid="delivery-log">
      {deliveries.map((d) => (
        <li key={d.id} className="px-4 py-3 text-sm" data-testid="delivery-row" data-delivery-id={d.id} data-status={d.status} data-attempts={d.attempts}>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
            <div className="min-w-0 space-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <Badge tone={TONE[d.status] ?? "gray"} testId="delivery-status">
                  {d.in_progress ? "sending" : d.status}
                </Badge>
                <code className="text-xs text-slate-800">{d.event_type}</code>
                <span className="text-xs text-slate-500" data-testid="delivery-attempts">
                  {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
                </span>
                {d.last_status_code !== null ? (
                  <span className="text-xs text-slate-700" data-testid="delivery-status-code">
                    HTTP {d.last_status_code}
                  </span>
                ) : null}
              </div>
              {d.last_error && d.last_status_code === null ? (
                <p className="break-all text-xs text-rose-700" data-testid="delivery-error">
                  {d.last_error}
                </p>
              ) : null}
              <p className="flex flex-wrap gap-x-3 text-xs text-slate-500">
                <span>queued {utc(d.created_at, { seconds: true })}</span>
                {d.delivered_at ? <span>delivered {utc(d.delivered_at, { seconds: true })}</span> : null}
                {d.failed_at ? <span>gave up {utc(d.failed_at, { seconds: true })}</span> : null}
                {d.next_attempt_at && !d.in_progress ? <span>next attempt {utc(d.next_attempt_at, { seconds: true })}</span> : null}
                <span>
                  event <code className="text-slate-400">{d.event_id}</code>
                </span>
              </p>
              {d.attempt_log.length > 0 ? <AttemptList attempts={d.attempt_log} /> : null}
            </div>
            <Button
              variant="secondary"
              className="shrink-0 px-2.5 py-1 text-xs"
              disabled={busy === d.id || d.in_progress}
              onClick={() => redeliver(d)}
              data-testid="redeliver"
            >
              {busy === d.id ? "Queueing…" : "Redeliver"}
            </Button>
          </div>
          <RowErrorNote error={rowError} id={d.id} />
        </li>
      ))}
    </ul>
  );
}

function AttemptList({ attempts }: { attempts: DeliveryView["attempt_log"] }) {
  return (
    <details className="text-xs text-slate-600">
      <summary className="cursor-pointer select-none text-slate-700">Attempts</summary>
      <table className="mt-1 w-full max-w-xl text-left" data-testid="attempt-log">
        <thead className="text-slate-500">
          <tr>
            <th className="pr-3 font-medium">#</th>
            <th className="pr-3 font-medium">started</th>
            <th className="pr-3 font-medium">took</th>
            <th className="font-medium">outcome</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a) => (
            <tr key={a.number} data-testid="attempt-row">
              <td className="pr-3 align-top">{a.number}</td>
              <td className="whitespace-nowrap pr-3 align-top">{utc(a.started_at, { seconds: true })}</td>
              <td className="whitespace-nowrap pr-3 align-top">{a.duration_ms === null ? "—" : `${a.duration_ms} ms`}</td>
              {/* With a status code, the error only repeats it ("HTTP 500"). */}
              <td className="break-all align-top">{a.status_code !== null ? `HTTP ${a.status_code}` : (a.error ?? (a.finished_at ? "" : "sending…"))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
