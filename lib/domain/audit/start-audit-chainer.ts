import { type Signal, notifications } from "../../db/notifications";
import { chainAuditEvents, hasPendingAuditEvents } from "./chain-audit-events";
import { setAuditWaker } from "./wake-audit-chainer";

/** A wake-up waits this long before chaining, so the org's events arriving meanwhile join one batch. */
export const CHAIN_DELAY_MS = 50;

export interface AuditChainer {
  /** Stops waking, waits for the chaining in flight. */
  stop(): Promise<void>;
}

/**
 * This process's background chainer (started from instrumentation.ts beside the sweeper): woken by
 * the events NOTIFY of any instance (every intent and lease change raises one) and by this
 * process's own appends, it chains each woken org CHAIN_DELAY_MS later. Wake-ups while an org is
 * being chained run it again as soon as it is done, so under load each batch holds what arrived
 * during the previous one (batches grow with the load, like group commit). Another instance
 * holding the org's head makes it retry CHAIN_DELAY_MS later rather than queue behind it; what
 * every chainer misses (a crash) the sweeper chains.
 */
export function startAuditChainer(): AuditChainer {
  const due = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  let stopped = false;

  const wake = (orgId: string, delayMs = CHAIN_DELAY_MS) => {
    if (stopped) return;
    if (running.has(orgId)) again.add(orgId);
    else if (!due.has(orgId)) due.set(orgId, setTimeout(() => run(orgId), delayMs).unref());
  };
  const run = (orgId: string) => {
    due.delete(orgId);
    let busy = false;
    const task = (async () => {
      try {
        if (await hasPendingAuditEvents(orgId)) busy = (await chainAuditEvents(orgId, { skipLocked: true })).busy;
      } catch (error) {
        console.error(`[audit] chaining org ${orgId}: ${(error as Error).message}`);
      }
    })().finally(() => {
      running.delete(orgId);
      const woken = again.delete(orgId);
      if (busy) wake(orgId);
      else if (woken) wake(orgId, 0);
    });
    running.set(orgId, task);
  };
  const onSignal = (signal: Signal) => {
    if (signal.org_id) wake(signal.org_id);
  };
  const bus = notifications();
  bus.on("signal", onSignal);
  setAuditWaker(wake);

  return {
    async stop() {
      stopped = true;
      bus.off("signal", onSignal);
      setAuditWaker(null);
      for (const timer of due.values()) clearTimeout(timer);
      due.clear();
      await Promise.all(running.values());
    },
  };
}
