import { sweepLeases } from "../leases/sweep-leases";
import { sweepIntents } from "./sweep-intents";

/**
 * Runs the sweeper every SWEEP_INTERVAL_MS (default 5 s; 0 disables it) in this process.
 * Every instance may run one: the sweep itself is safe to run concurrently.
 */
export function startSweeper(): void {
  const interval = Number(process.env.SWEEP_INTERVAL_MS ?? 5000);
  if (!interval) return;
  let running = false;
  setInterval(() => {
    if (running) return;
    running = true;
    Promise.all([sweepIntents(), sweepLeases()])
      .catch((error) => console.error("[sweeper] pass failed:", (error as Error).message))
      .finally(() => {
        running = false;
      });
  }, interval).unref();
}
