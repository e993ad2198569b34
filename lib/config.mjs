// @ts-check
// Every environment variable Tollgate reads, declared once: its zod schema (default included), the
// meaning README's Configuration table shows (`npm run docs:config` writes it from here), and
// setting(), through which the app (TypeScript) and the scripts (plain node) read it. Plain ESM so
// both can import it. Read per call, so an operator's environment — and a test's change — applies.
import { z } from "zod";

/**
 * @template {z.ZodType} S
 * @param {S} schema
 * @param {string} meaning
 * @param {string} [shown] the README's default column, when the schema's own default needs explaining
 */
const v = (schema, meaning, shown) => ({ schema, meaning, shown });

// Lenient settings keep today's rule: a value that does not fit falls back to the default (unset
// takes the default first, skipping the cost of a failed parse on hot paths such as rate limits).
const orDefault = (/** @type {z.ZodType<number, unknown>} */ schema, /** @type {number} */ fallback) => schema.default(fallback).catch(fallback);
const positiveOr = (/** @type {number} */ fallback) => orDefault(z.coerce.number().positive(), fallback);
const positiveIntOr = (/** @type {number} */ fallback) => orDefault(z.coerce.number().int().positive(), fallback);
// Strict settings refuse a value that does not fit, naming the variable (setting()).
const count = (/** @type {number} */ min) => z.coerce.number().int().min(min);
const port = z.coerce.number().int().min(0).max(65_535);
const text = z.string().optional();
const commaList = z.string().optional().transform((list) => list?.split(",").map((item) => item.trim()).filter(Boolean));

export const VARIABLES = {
  DATABASE_URL: v(z.string().default("postgres://postgres@127.0.0.1:5432/postgres"), "PostgreSQL connection string", "embedded PGlite (demo) / `postgres://postgres@127.0.0.1:5432/postgres` (tests, CLI)"),
  DIRECT_DATABASE_URL: v(text, "a direct connection to the same database, for what a transaction-mode pooler (PgBouncer) cannot carry: `LISTEN` and migrations. A value other than `DATABASE_URL` means `DATABASE_URL` goes through such a pooler, so the app prepares no named statements on it (see Production)", "`DATABASE_URL`"),
  TOLLGATE_SECRET: v(z.string({ error: "must be set to at least 32 characters" }).min(32, "must be set to at least 32 characters"),
    "≥ 32 characters, the same on every instance; execution tokens are derived from it (see below)", "generated into `.data/secret` by the demo"),
  DB_POOL_MAX: v(count(1).default(10), "connections per process"),
  WEB_CONCURRENCY: v(positiveIntOr(1), "server processes sharing the port (`scripts/serve.mjs`, node:cluster); one per core is the usual production choice"),
  DB_LISTEN: v(text.transform((value) => value !== "0"), "`LISTEN/NOTIFY` wake-ups; off (`0`), waiters re-read every 250 ms", "on"),
  SWEEP_INTERVAL_MS: v(count(0).default(5000), "sweeper period (`0` disables it in this process)"),
  EXEC_TOKEN_TTL_SECONDS: v(z.coerce.number().positive().default(900), "execution token lifetime"),
  DEFAULT_APPROVAL_SLA_SECONDS: v(z.coerce.number().positive().default(86_400), "SLA of approval rules that name none, so nothing waits forever"),
  REASSIGN_AFTER_SECONDS: v(z.coerce.number().positive().default(1800), "an assigned item unanswered this long (or half its SLA, if sooner) goes to the next reviewer"),
  PORT: v(port.default(3000), "HTTP port for `npm run demo` / `npm start`"),
  PGLITE_PORT: v(port.default(54_329), "the demo's embedded database port (without `DATABASE_URL`)"),
  PGLITE_IDLE_IN_TRANSACTION_MS: v(count(0).default(60_000), "the embedded database ends a client that holds its one session idle this long (`0`: never)"),
  PGLITE_STATE_FILE: v(text, "where the embedded database writes `{url, pid, data_dir}` while serving, so the CLI and a second demo find it", "unset; the demo sets `.data/embedded-database.json`"),
  NEXTAUTH_URL: v(text, "the dashboard's public URL: sign-in callbacks, the CSRF origin check (without it, only `http://localhost:$PORT`), HSTS when it is `https` and not a loopback name", "`http://localhost:$PORT` (demo)"),
  NEXTAUTH_SECRET: v(text, "session-cookie signing key", "derived from `TOLLGATE_SECRET`"),
  SMTP_URL: v(text, "mail transport (`smtp://user:pass@host:587`, `smtps://…`); without it mail is not sent: account mails are held and `npm run cli -- mail show <id>` prints one, the server log names each, and organization mails land in the dashboard's dev mailbox (Settings, admins)"),
  MAIL_FROM: v(z.string().min(3).default("Tollgate <tollgate@localhost>"), "the From of every mail"),
  ALLOW_SIGNUP: v(text.transform((value) => value !== "0"), "public sign-up on the dashboard (`POST /api/v1/auth/signup`) and creating organizations from it; `0` turns both off for a self-hosted install, where `npm run cli -- bootstrap` makes organizations", "on"),
  SLACK_API_URL: v(z.string().url().default("https://slack.com/api/"), "the base URL of Slack's Web API (tests point it at a local server that speaks the same methods)"),
  NOTIFY_POLL_INTERVAL_MS: v(count(0).default(5000), "how often the notifier looks for mail and Slack work it was not woken for (`0`: no notifier in this process)"),
  DIGEST_HOUR_UTC: v(count(0).pipe(z.number().max(23)).default(8), "the hour (UTC) the daily digest goes to members who chose it"),
  GITHUB_ID: v(text, "with `GITHUB_SECRET`, enables \"Continue with GitHub\" (members only: the first sign-in links the GitHub account by its verified primary email, later ones go by that link; see OAuth sign-in)"),
  GITHUB_SECRET: v(text, "the GitHub OAuth app's client secret (see `GITHUB_ID`)"),
  OIDC_ISSUER: v(text, "with `OIDC_CLIENT_ID` and `OIDC_CLIENT_SECRET`, enables a generic OpenID Connect provider (members only: linked by an email the ID token marks `email_verified: true`, then by `sub`)"),
  OIDC_CLIENT_ID: v(text, "the OpenID Connect client's id (see `OIDC_ISSUER`)"),
  OIDC_CLIENT_SECRET: v(text, "the OpenID Connect client's secret (see `OIDC_ISSUER`)"),
  OIDC_NAME: v(z.string().default("Single sign-on"), "the OpenID Connect provider's name on the sign-in button"),
  WEBAUTHN_RP_ID: v(text, "passkey relying-party id: the registrable domain", "host of `WEBAUTHN_ORIGIN` (`localhost`)"),
  WEBAUTHN_RP_NAME: v(z.string().default("Tollgate"), "name shown by the authenticator"),
  WEBAUTHN_ORIGIN: v(commaList, "exact browser origin(s), comma-separated", "origin of `NEXTAUTH_URL`, else `http://localhost:3000`"),
  // Not a whole number ≥ 0: the default, never NaN (which would compare false and lift the limit).
  LEASE_MAX_DEPTH: v(orDefault(count(0), 2), "how many times authority may be re-delegated below a human grant"),
  TRUST_PROXY_HOPS: v(orDefault(z.coerce.number().positive(), 0).transform(Math.floor), "proxies in front of the app that append to `X-Forwarded-For`; `0` = use the socket's address and ignore `X-Forwarded-Host`/`-Proto` in the CSRF check"),
  RATE_LIMIT_PROPOSE_PER_MINUTE: v(positiveOr(600), "`POST /intents` per agent key"),
  RATE_LIMIT_PROPOSE_PER_IP_PER_MINUTE: v(positiveOr(3000), "`POST /intents` per client address, all keys together"),
  RATE_LIMIT_TOKEN_PER_IP_PER_MINUTE: v(positiveOr(30), "`POST /auth/token`, `POST /tokens` and `POST /invitations/accept` per client address"),
  RATE_LIMIT_PASSKEY_OPTIONS_PER_IP_PER_MINUTE: v(positiveOr(30), "`POST /auth/passkey` (public passkey sign-in options) per client address"),
  RATE_LIMIT_LOGIN_FAILURES: v(positiveOr(5), "password attempts in a row for one email from one address before each further one must wait (exponential backoff)"),
  RATE_LIMIT_LOGIN_BACKOFF_SECONDS: v(positiveOr(1), "the first of those waits; each later one doubles, up to 15 min"),
  RATE_LIMIT_LOGIN_FAILURES_PER_IP: v(positiveOr(50), "failed password logins per client address per hour over all emails (spraying)"),
  EVENT_STREAMS_PER_CALLER: v(positiveIntOr(10), "`GET /events` streams one caller (an agent, or a member over all their tokens and sessions) may hold open at once in one server process; past it, `429 rate_limited`"),
  LONG_POLLS_PER_CALLER: v(positiveIntOr(50), "`GET /intents/{id}?wait=N` long-polls one caller may hold open at once in one server process; past it, `429 rate_limited`"),
  EVENTS_AUTH_RECHECK_MS: v(positiveOr(30_000), "how often `GET /events` checks that the caller's token or session and membership still hold; the stream ends when not"),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: v(text.transform((value) => value === "1"), "`1` lets webhooks target loopback, private and link-local addresses (tests, trusted networks); see Webhooks", "off"),
  WEBHOOK_BACKOFF_BASE_MS: v(positiveIntOr(10_000), "first retry delay; each later one is 4× longer (±20 % jitter), capped at 1 h"),
  WEBHOOK_MAX_ATTEMPTS: v(positiveIntOr(8), "attempts per (re)queue before a delivery is `failed` (~3 h of retries by default)"),
  WEBHOOK_TIMEOUT_MS: v(positiveIntOr(10_000), "one delivery attempt, connect to last byte; a claim lasts 2 × this + 5 s"),
  WEBHOOK_POLL_INTERVAL_MS: v(orDefault(count(0), 5000), "how often an idle delivery worker looks for due deliveries (`0` runs no worker in this process)"),
};

/** @typedef {keyof typeof VARIABLES} Name */
/** @typedef {Record<string, string | undefined>} Env */

/**
 * One variable, parsed; an empty value counts as unset. A value its schema refuses throws, naming
 * the variable (never echoing the value: it may be a secret).
 * @template {Name} K
 * @param {K} name
 * @param {Env} [env]
 * @returns {z.output<(typeof VARIABLES)[K]["schema"]>}
 */
export function setting(name, env = process.env) {
  const raw = env[name] || undefined;
  const result = VARIABLES[name].schema.safeParse(raw);
  if (!result.success) throw new Error(`${name}: ${result.error.issues[0]?.message} (see README, Configuration)`);
  return /** @type {any} */ (result.data);
}

/** @param {Name} name @param {Env} [env] whether the variable has a (non-empty) value */
export const isSet = (name, env = process.env) => Boolean(env[name]);

/** Every variable at once, so a server refuses to start on a bad value instead of failing on first use. @param {Env} [env] */
export function checkConfig(env = process.env) {
  const problems = [];
  for (const name of /** @type {Name[]} */ (Object.keys(VARIABLES))) {
    try {
      setting(name, env);
    } catch (error) {
      problems.push(/** @type {Error} */ (error).message);
    }
  }
  if (problems.length) throw new Error(problems.join("\n"));
}
