import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VARIABLES, checkConfig, isSet, setting } from "../../lib/config.mjs";

const SECRET = "s".repeat(32);

describe("setting (lib/config.mjs)", () => {
  it("gives each variable's default when it is unset or empty", () => {
    expect(setting("DATABASE_URL", {})).toBe("postgres://postgres@127.0.0.1:5432/postgres");
    expect(setting("DB_POOL_MAX", { DB_POOL_MAX: "" })).toBe(10);
    expect(setting("SWEEP_INTERVAL_MS", {})).toBe(5000);
    expect(setting("OIDC_NAME", {})).toBe("Single sign-on");
    expect(setting("DB_LISTEN", {})).toBe(true);
    expect(setting("WEBHOOK_ALLOW_PRIVATE_TARGETS", {})).toBe(false);
    expect(setting("NEXTAUTH_URL", { NEXTAUTH_URL: "" })).toBeUndefined();
    expect(isSet("NEXTAUTH_URL", { NEXTAUTH_URL: "" })).toBe(false);
  });

  it("refuses a short or missing TOLLGATE_SECRET, naming it and not echoing the value", () => {
    expect(() => setting("TOLLGATE_SECRET", {})).toThrow(/^TOLLGATE_SECRET: must be set to at least 32 characters/);
    expect(() => setting("TOLLGATE_SECRET", { TOLLGATE_SECRET: "short-secret" })).toThrow(/^TOLLGATE_SECRET: (?!.*short-secret)/);
    expect(setting("TOLLGATE_SECRET", { TOLLGATE_SECRET: SECRET })).toBe(SECRET);
  });

  it.each([
    ["DB_POOL_MAX", "0"],
    ["DB_POOL_MAX", "many"],
    ["SWEEP_INTERVAL_MS", "-1"],
    ["EXEC_TOKEN_TTL_SECONDS", "0"],
    ["DEFAULT_APPROVAL_SLA_SECONDS", "soon"],
    ["PORT", "70000"],
    ["PGLITE_IDLE_IN_TRANSACTION_MS", "1.5"],
  ] as const)("refuses %s=%j with a message naming it", (name, value) => {
    expect(() => setting(name, { [name]: value })).toThrow(new RegExp(`^${name}: `));
  });

  it("keeps 0 meaning off where it does", () => {
    expect(setting("SWEEP_INTERVAL_MS", { SWEEP_INTERVAL_MS: "0" })).toBe(0);
    expect(setting("WEBHOOK_POLL_INTERVAL_MS", { WEBHOOK_POLL_INTERVAL_MS: "0" })).toBe(0);
    expect(setting("PGLITE_IDLE_IN_TRANSACTION_MS", { PGLITE_IDLE_IN_TRANSACTION_MS: "0" })).toBe(0);
    expect(setting("DB_LISTEN", { DB_LISTEN: "0" })).toBe(false);
  });

  it("falls back to the default where a bad value always did", () => {
    expect(setting("RATE_LIMIT_PROPOSE_PER_MINUTE", { RATE_LIMIT_PROPOSE_PER_MINUTE: "-5" })).toBe(600);
    expect(setting("RATE_LIMIT_PROPOSE_PER_MINUTE", { RATE_LIMIT_PROPOSE_PER_MINUTE: "5" })).toBe(5);
    expect(setting("EVENTS_AUTH_RECHECK_MS", { EVENTS_AUTH_RECHECK_MS: "abc" })).toBe(30_000);
    expect(setting("WEB_CONCURRENCY", { WEB_CONCURRENCY: "0" })).toBe(1);
    expect(setting("TRUST_PROXY_HOPS", { TRUST_PROXY_HOPS: "abc" })).toBe(0);
    expect(setting("TRUST_PROXY_HOPS", { TRUST_PROXY_HOPS: "2.7" })).toBe(2);
  });

  it("splits WEBAUTHN_ORIGIN on commas", () => {
    expect(setting("WEBAUTHN_ORIGIN", { WEBAUTHN_ORIGIN: " https://a.example , https://b.example," })).toEqual(["https://a.example", "https://b.example"]);
    expect(setting("WEBAUTHN_ORIGIN", {})).toBeUndefined();
  });

  it("reads the process environment when called, not when imported", () => {
    const saved = process.env.LEASE_MAX_DEPTH;
    try {
      process.env.LEASE_MAX_DEPTH = "4";
      expect(setting("LEASE_MAX_DEPTH")).toBe(4);
      process.env.LEASE_MAX_DEPTH = "5";
      expect(setting("LEASE_MAX_DEPTH")).toBe(5);
    } finally {
      if (saved === undefined) delete process.env.LEASE_MAX_DEPTH;
      else process.env.LEASE_MAX_DEPTH = saved;
    }
  });
});

// Where the product's code may not read the environment itself: the app and the plain-node scripts.
const ROOT = path.resolve(import.meta.dirname, "../..");
const SCANNED = [
  ...["lib", "app", "components"].flatMap((dir) => readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" }).map((file) => path.join(dir, file))),
  ...["scripts", "scripts/lib"].flatMap((dir) => readdirSync(path.join(ROOT, dir)).map((file) => path.join(dir, file))),
].filter((file) => /\.(ts|tsx|mjs)$/.test(file) && !file.startsWith("lib/generated/") && file !== "lib/config.mjs");

/** Lines that read process.env; passing it on to a child (`...process.env`) or setting a variable is not reading. */
function envReads(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.replace(/\.\.\.process\.env\b/g, "").replace(/process\.env\.\w+\s*=(?!=)/g, ""))
    // CHROMIUM_PATH: the browser of `npm test` (scripts/lib/steps.mjs), a test setting.
    .filter((line) => /process\.env/.test(line.replace("process.env.CHROMIUM_PATH", "")));
}

describe("environment reads", () => {
  it("happen only in lib/config.mjs", () => {
    expect(SCANNED.length).toBeGreaterThan(100);
    const reads = SCANNED.flatMap((file) => envReads(readFileSync(path.join(ROOT, file), "utf8")).map((line) => `${file}: ${line.trim()}`));
    expect(reads).toEqual([]);
  });

  it("are recognised as such", () => {
    expect(envReads('const a = process.env.PORT ?? 3000;\nconst b = process.env["X"];\nprocess.env.Y ??= "1";')).toHaveLength(3);
    expect(envReads('spawn(x, { env: { ...process.env, A: "1" } });\nprocess.env.NEXT_TELEMETRY_DISABLED = "1";')).toEqual([]);
  });
});

describe("checkConfig", () => {
  it("passes a valid environment and lists every bad variable of an invalid one", () => {
    expect(() => checkConfig({ TOLLGATE_SECRET: SECRET })).not.toThrow();
    expect(() => checkConfig({ TOLLGATE_SECRET: SECRET, DB_POOL_MAX: "x", PORT: "-1" })).toThrow(/^DB_POOL_MAX: .*\nPORT: /);
  });

  it("knows every variable's meaning", () => {
    for (const [name, variable] of Object.entries(VARIABLES)) expect(variable.meaning.length, name).toBeGreaterThan(10);
  });
});
