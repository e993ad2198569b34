import { sweepAssignments } from "../approvals/assign-reviewers";
import { signDueCheckpoints } from "../audit/checkpoints";
import { sweepAuditChains } from "../audit/sweep-audit-chains";
import { sweepLeases } from "../leases/sweep-leases";
import { sealRecentDays } from "../metrics/seal-recent-days";
import { pruneRateLimits } from "../../http/rate-limit";
import { sweepChallenges } from "../passkeys/sweep-challenges";
import { sweepIntents } from "./sweep-intents";
import { setting } from "../../config.mjs";
import { queueDigests, queueDueReminders } from "../../notify/schedule";

/** Housekeeping that need not run every sweep: metrics day counts, stale rate-limit state. */
const HOUSEKEEPING_MS = 10 * 60_000;

/**
 * Runs the sweeper (system-run, no RequestContext: intents, leases, expired WebAuthn challenges, audit events left unchained, due audit checkpoints, reviewer assignment, SLA reminders and digests to notify) every SWEEP_INTERVAL_MS
 * (default 5 s; 0 disables it) in this process, and the housekeeping every 10 minutes (first a
 * minute after start). Every instance may run them: each is safe to run concurrently.
 */
export function startSweeper(): void {
  const interval = setting("SWEEP_INTERVAL_MS");
  if (!interval) return;
  const housekeeping = () =>
    Promise.all([sealRecentDays(), pruneRateLimits()]).catch((error) => console.error("[sweeper] housekeeping failed:", (error as Error).message));
  setTimeout(() => {
    void housekeeping();
    setInterval(housekeeping, HOUSEKEEPING_MS).unref();
  }, 60_000).unref();
  let running = false;
  setInterval(() => {
    if (running) return;
    running = true;
    Promise.all([sweepIntents(), sweepLeases(), sweepChallenges(), sweepAuditChains(), signDueCheckpoints(), sweepAssignments(), queueDueReminders(), queueDigests()])
      .catch((error) => console.error("[sweeper] pass failed:", (error as Error).message))
      .finally(() => {
        running = false;
      });
  }, interval).unref();
}
