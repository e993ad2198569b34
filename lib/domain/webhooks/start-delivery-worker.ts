import { hostname } from "node:os";
import { type Signal, notifications } from "../../db/notifications";
import { webhookSettings } from "../../webhooks/webhook-settings";
import { attemptDelivery } from "./attempt-delivery";
import { claimDueDeliveries } from "./claim-due-deliveries";
import { WAKE_SIGNAL } from "./wake-delivery-workers";

export interface DeliveryWorker {
  /** Stops claiming, waits for the attempts in flight to be recorded. */
  stop(): Promise<void>;
}

/**
 * The webhook delivery worker of this process (started from instrumentation.ts next to the
 * sweeper; WEBHOOK_POLL_INTERVAL_MS=0 starts none). It keeps up to `concurrency` attempts in
 * flight, so one slow receiver does not hold up the others; it is woken at once by the events
 * NOTIFY (an event that queued deliveries, a redelivery, a webhook re-enabled — from any instance), by a timer when a
 * retry it scheduled falls due, and otherwise polls (which also finds claims a crashed instance
 * left to lapse). Any number of instances may run one.
 */
export function startDeliveryWorker(): DeliveryWorker | null {
  if (!webhookSettings().pollIntervalMs) return null;
  const worker = `${hostname()}:${process.pid}`;
  const bus = notifications();
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  let poked = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    poked = true;
    wake?.();
  };
  // Only signals that can mean work: an event that queued deliveries, or an explicit wake-up.
  // Waking for every event would cost a claim transaction per proposal on every instance.
  const onSignal = (signal: Signal) => {
    if ((signal.deliveries ?? 0) > 0 || signal.type === WAKE_SIGNAL) poke();
  };
  bus.on("signal", onSignal);

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      if (poked || stopped) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const loop = (async () => {
    while (!stopped) {
      poked = false;
      const settings = webhookSettings();
      const room = settings.concurrency - inFlight.size;
      let claimed = 0;
      try {
        const claims = await claimDueDeliveries(room, settings.claimLeaseMs, worker);
        claimed = claims.length;
        for (const claim of claims) {
          const task: Promise<unknown> = attemptDelivery(claim, settings)
            // Retries fall due between polls: wake for this one when it does.
            .then(({ retryAt }) => retryAt && setTimeout(poke, Math.max(0, retryAt.getTime() - Date.now()) + 5).unref())
            // The message only: never the request (its body, its signature) or the URL.
            .catch((error) => console.error(`[webhooks] delivery ${claim.deliveryId}: ${(error as Error).message}`))
            .finally(() => {
              inFlight.delete(task);
              poke();
            });
          inFlight.add(task);
        }
      } catch (error) {
        console.error("[webhooks] claiming deliveries failed:", (error as Error).message);
      }
      // A full batch means more may be due: go again at once. Otherwise wait for a poke or the poll.
      if (room > 0 && claimed === room) continue;
      await idle(settings.pollIntervalMs);
    }
    await Promise.all(inFlight);
  })();

  return {
    async stop() {
      stopped = true;
      bus.off("signal", onSignal);
      wake?.();
      await loop;
    },
  };
}
