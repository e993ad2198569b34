import { TollgateTimeoutError } from "@tollgate/sdk";
import { z } from "zod";
import { ZIntentView, intentView } from "../intent-view";
import { type ToolExtra, defineTool } from "../tool";
import { ZIntentId } from "./intent-id";

export const DEFAULT_WAIT_SECONDS = 60;
export const MAX_WAIT_SECONDS = 300;

export const waitForApproval = defineTool({
  name: "wait_for_approval",
  title: "Wait for a human decision",
  description:
    `Block until a human approves or rejects a pending request, or until timeout_seconds pass (default ${DEFAULT_WAIT_SECONDS}, ` +
    `at most ${MAX_WAIT_SECONDS}). Returns the request's status then: 'approved' comes with an execution_token (call execute_approved next); ` +
    "'rejected', 'expired' or 'cancelled' mean do not perform the action. If timed_out is true it is still pending_approval: " +
    "wait again or do other work and check later, but never act on it before it is approved.",
  inputSchema: z.object({
    intent_id: ZIntentId,
    timeout_seconds: z
      .number()
      .int()
      .min(1)
      .max(MAX_WAIT_SECONDS)
      .default(DEFAULT_WAIT_SECONDS)
      .describe(`How long to wait at most, in seconds (1–${MAX_WAIT_SECONDS}, default ${DEFAULT_WAIT_SECONDS}).`),
  }),
  outputSchema: ZIntentView.extend({
    timed_out: z.boolean().describe("True when the wait ended with no decision yet; status is then still pending_approval."),
    waited_seconds: z.number(),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  async run(client, { intent_id, timeout_seconds }, extra) {
    const started = Date.now();
    const waited = () => Math.round((Date.now() - started) / 100) / 10;
    const stopProgress = reportProgress(extra, timeout_seconds);
    try {
      const intent = await client.waitForDecision(intent_id, {
        timeoutMs: timeout_seconds * 1000,
        pollSeconds: Math.min(60, timeout_seconds),
        signal: extra.signal,
      });
      return { ...intentView(intent), timed_out: false, waited_seconds: waited() };
    } catch (error) {
      // Running out of time is an answer ("still pending"), not a failure of the tool.
      if (!(error instanceof TollgateTimeoutError)) throw error;
      const intent = await client.intents.get(intent_id, { signal: extra.signal });
      return { ...intentView(intent), timed_out: intent.status === "pending_approval", waited_seconds: waited() };
    } finally {
      stopProgress();
    }
  },
});

/**
 * While waiting, sends progress notifications when the client asked for them (a progressToken):
 * clients that reset their request timeout on progress then let a long wait run to its end.
 */
function reportProgress(extra: ToolExtra, totalSeconds: number): () => void {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return () => {};
  const started = Date.now();
  const everyMs = Math.min(10_000, Math.max(1000, (totalSeconds * 1000) / 4));
  const timer = setInterval(() => {
    const elapsed = Math.round((Date.now() - started) / 1000);
    const notification = {
      method: "notifications/progress" as const,
      params: { progressToken, progress: elapsed, total: totalSeconds, message: `Still pending approval after ${elapsed} s` },
    };
    extra.sendNotification(notification).catch(() => {});
  }, everyMs);
  return () => clearInterval(timer);
}
