import type { TestProject } from "vitest/node";
import { appEnv, buildApp, startApp } from "../helpers/app-process";
import { createFreshDatabase } from "../helpers/fresh-database";
import { startSmtpSink } from "../helpers/smtp-sink";

const PORT = Number(process.env.E2E_PORT ?? 3310);

// The webhook suite's receiver listens on 127.0.0.1; retries come quickly.
const WEBHOOKS = { WEBHOOK_ALLOW_PRIVATE_TARGETS: "1", WEBHOOK_POLL_INTERVAL_MS: "1000", WEBHOOK_BACKOFF_BASE_MS: "1000" };

/**
 * Vitest global setup of the e2e project: a fresh database, a production build of the app, and
 * the production server (scripts/serve.mjs, what `npm start` runs) on E2E_PORT, exactly as users
 * run it. Workers get the URL and the database.
 */
export default async function setup(project: TestProject) {
  const database = await createFreshDatabase("tollgate_e2e");
  // Mail goes through a real SMTP server on loopback; workers read what it received over HTTP (tests/e2e/mailbox.ts).
  const smtp = await startSmtpSink();
  const mailbox = await smtp.serveOverHttp();
  const extra = { ...WEBHOOKS, SMTP_URL: smtp.url, NOTIFY_POLL_INTERVAL_MS: "500" };
  const env = appEnv(database.url, PORT, extra);
  if (!process.env.E2E_SKIP_BUILD) buildApp(env);
  const app = await startApp(database.url, PORT, extra);
  process.env.E2E_MAILBOX_URL = mailbox.url;

  process.env.DATABASE_URL = database.url;
  // Per project (see tests/helpers/fresh-database.ts): the e2e workers' database is the server's.
  project.provide("databaseUrl", database.url);
  process.env.TOLLGATE_SECRET = env.TOLLGATE_SECRET;
  process.env.E2E_BASE_URL = app.url;
  return async () => {
    await app.stop();
    await mailbox.close();
    await smtp.close();
    await database.drop();
  };
}
