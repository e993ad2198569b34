// Every integration worker: a fixed server secret, no background sweeper (tests run it by hand).
process.env.TOLLGATE_SECRET ||= "integration-test-secret-integration-test-secret";
process.env.SWEEP_INTERVAL_MS = "0";
// The suites send thousands of requests from one (absent) address; rate limits get their own
// suite (rate-limits.test.ts sets small ones), so here they are high enough never to trigger.
for (const name of ["RATE_LIMIT_PROPOSE_PER_MINUTE", "RATE_LIMIT_PROPOSE_PER_IP_PER_MINUTE", "RATE_LIMIT_TOKEN_PER_IP_PER_MINUTE"]) {
  process.env[name] ||= "1000000";
}
