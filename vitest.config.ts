import path from "node:path";
import { defineConfig } from "vitest/config";

// Tests import the SDK from its source; the examples (child processes) use its build.
const alias = { "@": path.resolve(import.meta.dirname), "@tollgate/sdk": path.resolve(import.meta.dirname, "sdk/src/index.ts") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["tests/unit/**/*.test.ts", "sdk/test/**/*.test.ts"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/fresh-database.ts"],
          setupFiles: ["tests/helpers/integration-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The integration suites again, on the embedded database the demo uses (PGlite behind
        // scripts/lib/shared-session-server.mjs), so both databases take every route through the same
        // code. Left out: suites about input handling that runs before any query (covered on
        // PostgreSQL), npm start's migration check and the upgrade of a database with data (databases of
        // their own; PGlite has one), the PgBouncer suite (it fronts PostgreSQL) and the two webhook suites that need a database of their own (PGlite has one
        // database; the newcomer demo suite delivers a webhook on it). The approval-guarantee suite runs a
        // smaller sample here (GUARANTEE_EMBEDDED_RUNS).
        resolve: { alias },
        test: {
          name: "embedded",
          include: ["tests/integration/**/*.test.ts"],
          exclude: ["tests/integration/{fuzz-routes,tenant-isolation,bad-input,openapi-agreement,webhooks-delivery,webhooks-workers,start-migrations,migration-upgrade,pgbouncer}.test.ts"],
          environment: "node",
          globalSetup: ["tests/helpers/embedded-database.ts"],
          setupFiles: ["tests/helpers/integration-env.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/e2e/app-server.ts", "tests/e2e/build-sdk.ts"],
          setupFiles: ["tests/helpers/integration-env.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
