import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    /** The database of this project's global setup (integration: a fresh one; e2e: the server's). */
    databaseUrl?: string;
  }
}

// Every integration and e2e worker: its own project's database (process.env is shared by both
// projects' global setups, so it alone could point a worker at the other project's database),
// a fixed server secret, no background sweeper (tests run it by hand).
process.env.TOLLGATE_SECRET ||= "integration-test-secret-integration-test-secret";
process.env.SWEEP_INTERVAL_MS = "0";
const databaseUrl = inject("databaseUrl");
if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
// The suites send thousands of requests from one (absent) address; rate limits get their own
// suite (rate-limits.test.ts sets small ones), so here they are high enough never to trigger.
for (const name of [
  "RATE_LIMIT_PROPOSE_PER_MINUTE", "RATE_LIMIT_PROPOSE_PER_IP_PER_MINUTE", "RATE_LIMIT_TOKEN_PER_IP_PER_MINUTE",
  "RATE_LIMIT_PASSKEY_OPTIONS_PER_IP_PER_MINUTE", "RATE_LIMIT_LOGIN_FAILURES_PER_IP",
]) {
  process.env[name] ||= "1000000";
}
// No worker reaches slack.com: each has a local Slack (tests/helpers/fake-slack.ts) that accepts
// any bot token, so the route suites see a Slack connection succeed; the Slack suites start their
// own, to watch what is posted.
if (!process.env.SLACK_API_URL) {
  const { startFakeSlack } = await import("./fake-slack");
  process.env.SLACK_API_URL = (await startFakeSlack({ unref: true })).apiUrl;
}
