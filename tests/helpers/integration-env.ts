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
