// Every integration worker: a fixed server secret, no background sweeper (tests run it by hand).
process.env.TOLLGATE_SECRET ||= "integration-test-secret-integration-test-secret";
process.env.SWEEP_INTERVAL_MS = "0";
