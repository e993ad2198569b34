import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Ways to build or run raw SQL that bypass the org-bound builder (lib/db/sql.ts OrgParams). */
const RAW_SQL = /new SqlParams\b|\$queryRawUnsafe|\$executeRawUnsafe|\$queryRaw\b|\$executeRaw\b|pgPool\(\)\.query/;

/** Files that build raw SQL outside lib/db, each with why it may. */
const SYSTEM: Record<string, string> = {
  "lib/http/rate-limit.ts": "rate-limit counters are keyed by subject, not by org",
  "lib/http/backoff.ts": "login backoff counters are keyed by email and address, before any org is known",
  "lib/domain/auth/link-oauth-identity.ts": "sign-in: users are global, no org is known yet",
  "lib/domain/audit/append-user-audit-events.ts": "a person's memberships span their orgs",
  "lib/domain/passkeys/challenges.ts": "WebAuthn challenges belong to a user, not an org",
  "lib/domain/auth/password-reset.ts": "a reset belongs to a person; their tokens span their orgs",
  "lib/mail/outbox.ts": "account mails belong to a person, not an org; the sender claims across them",
  "lib/domain/passkeys/passkey-login.ts": "sign-in: passkeys belong to a user, not an org",
  "lib/domain/passkeys/verify-own-assertion.ts": "passkeys belong to a user, not an org",
  "lib/domain/passkeys/sweep-challenges.ts": "sweeper, across orgs",
  "lib/domain/intents/sweep-intents.ts": "sweeper, across orgs",
  "lib/domain/leases/sweep-leases.ts": "sweeper, across orgs",
  "lib/domain/audit/sweep-audit-chains.ts": "sweeper, across orgs",
  "lib/domain/approvals/assign-reviewers.ts": "sweeper: releases and finds unassigned items across orgs",
  "lib/notify/dispatch.ts": "notifier: claims due jobs across orgs (each then runs in its org's transaction)",
  "lib/notify/deliver.ts": "notifier: claims due messages across orgs; every statement names the message's org_id",
  "lib/notify/schedule.ts": "sweeper: queues due reminders and digests across orgs",
  "lib/slack/identity.ts": "Slack interactions: who a Slack user is, before any member is known; every statement names the org_id",
  "lib/slack/signature.ts": "Slack interactions: replay protection before any member is known; keyed by the org_id",
  "lib/domain/audit/checkpoints.ts": "sweeper: finds the orgs whose checkpoint is due",
  "lib/domain/metrics/seal-recent-days.ts": "finds every org with recent intents",
  "lib/domain/metrics/seal-metric-days.ts": "Prisma.sql; each tenant statement passes orgBoundSql",
  "lib/domain/metrics/query-metrics.ts": "Prisma.sql composition; every query passes orgBoundSql",
  "lib/domain/webhooks/claim-due-deliveries.ts": "the delivery worker claims across orgs",
  "lib/domain/webhooks/attempt-delivery.ts": "the delivery worker records a claim of any org",
  "lib/domain/webhooks/wake-delivery-workers.ts": "a NOTIFY, no table",
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return rel === "lib/db" || rel === "lib/generated" ? [] : sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

describe("raw SQL in lib/", () => {
  const usesRawSql = sourceFiles("lib").filter((file) => RAW_SQL.test(readFileSync(path.join(ROOT, file), "utf8")));

  it("is built only in lib/db, through the org-bound builder, or in an allow-listed file", () => {
    expect(usesRawSql.filter((file) => !(file in SYSTEM))).toEqual([]);
  });

  it("allow-lists only files that still build raw SQL", () => {
    expect(Object.keys(SYSTEM).filter((file) => !usesRawSql.includes(file))).toEqual([]);
  });
});
