import { ensureSecret, runningEmbeddedDatabase } from "../lib/database.mjs";

/**
 * For the commands that work on the database directly (no HTTP): without DATABASE_URL beside a
 * running demo, its embedded database is the one meant (it takes several clients), and so is
 * the demo's own TOLLGATE_SECRET (.data/secret) unless one is set.
 */
export function targetRunningDemoDatabase(): void {
  if (process.env.DATABASE_URL) return;
  const embedded = runningEmbeddedDatabase();
  if (!embedded) return;
  process.env.DATABASE_URL = embedded.url;
  if (!process.env.TOLLGATE_SECRET) process.env.TOLLGATE_SECRET = ensureSecret();
  console.error(`Using the running demo's embedded database (${embedded.url}).`);
}
