import { notifications, subscribe } from "../../db/notifications";
import type { RequestContext } from "../request-context";
import { findIntentRow } from "./find-intent";
import { serializeIntent } from "./serialize-intent";

/** With LISTEN a re-read is a safety net; without it (PGlite) it is how changes are seen. */
const recheckMs = () => (notifications().enabled ? 1000 : 250);

/**
 * GET /intents/{id}?wait=N: holds until the intent leaves pending_approval or N seconds pass.
 * A NOTIFY from whichever instance resolved it wakes the waiter at once; the periodic re-read
 * bounds the delay to about a second even if a notification is lost.
 */
export async function waitForIntent(ctx: RequestContext, intentId: string, waitSeconds: number, abort?: AbortSignal) {
  const deadline = Date.now() + waitSeconds * 1000;
  const subscription = subscribe(intentId);
  try {
    let row = await findIntentRow(ctx, intentId);
    while (row.status === "pending_approval" && Date.now() < deadline && !abort?.aborted) {
      await subscription.wait(Math.min(recheckMs(), deadline - Date.now()), abort);
      row = await findIntentRow(ctx, intentId);
    }
    return serializeIntent(row, { revealToken: ctx.principal.kind === "agent" });
  } finally {
    subscription.close();
  }
}
