import { WebClient } from "@slack/web-api";
import { setting } from "../config.mjs";

// Slack's Web API through its own SDK. SLACK_API_URL points it elsewhere (the tests' local server,
// which speaks the same methods). The SDK's own retries are off: the notifier's outbox retries
// with its backoff and logs every failure in the item's decisions log.

/** A Web API client for one organization's bot token. */
export function slackClient(botToken: string): WebClient {
  const base = setting("SLACK_API_URL");
  return new WebClient(botToken, {
    slackApiUrl: base.endsWith("/") ? base : `${base}/`,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  });
}
