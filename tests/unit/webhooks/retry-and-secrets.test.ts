import { describe, expect, it } from "vitest";
import { MAX_BACKOFF_MS, retryDelayMs } from "../../../lib/webhooks/retry-delay";
import { mintWebhookSecret, openSecret, sealSecret } from "../../../lib/webhooks/secret-box";
import { webhookSettings } from "../../../lib/webhooks/webhook-settings";

describe("retryDelayMs", () => {
  it("grows 4× per failed attempt within a ±20 % jitter band", () => {
    expect(retryDelayMs(1, 10_000, 0.5)).toBe(10_000);
    expect(retryDelayMs(2, 10_000, 0.5)).toBe(40_000);
    expect(retryDelayMs(3, 10_000, 0.5)).toBe(160_000);
    expect(retryDelayMs(1, 10_000, 0)).toBe(8_000);
    expect(retryDelayMs(1, 10_000, 0.999999)).toBe(12_000);
  });

  it("waits longer after each later failure while below the cap, whatever the jitter", () => {
    for (let round = 1; round < 5; round++) {
      expect(retryDelayMs(round + 1, 10_000, 0)).toBeGreaterThan(retryDelayMs(round, 10_000, 0.999999));
    }
  });

  it("caps the wait at an hour before jitter", () => {
    expect(retryDelayMs(20, 10_000, 0.5)).toBe(MAX_BACKOFF_MS);
    expect(retryDelayMs(20, 10_000, 0.999999)).toBeLessThanOrEqual(MAX_BACKOFF_MS * 1.2);
  });
});

describe("sealed webhook secrets", () => {
  process.env.TOLLGATE_SECRET ||= "unit-test-secret-unit-test-secret-unit";

  it("mints whsec_ secrets with 43 base62 characters, different every time", () => {
    const a = mintWebhookSecret();
    expect(a).toMatch(/^whsec_[0-9A-Za-z]{43}$/);
    expect(mintWebhookSecret()).not.toBe(a);
  });

  it("opens what it sealed, and the sealed text does not contain the secret", () => {
    const secret = mintWebhookSecret();
    const box = sealSecret(secret, "whk_1");
    expect(box).not.toContain(secret);
    expect(box).not.toContain(secret.slice(6));
    expect(openSecret(box, "whk_1")).toBe(secret);
    expect(sealSecret(secret, "whk_1")).not.toBe(box); // a fresh IV each time
  });

  it("refuses a box moved to another webhook, tampered with, or sealed under another server secret", () => {
    const box = sealSecret("whsec_moved_between_rows", "whk_1");
    expect(() => openSecret(box, "whk_2")).toThrow();
    const raw = Buffer.from(box.slice(3), "base64url");
    raw[raw.length - 1] ^= 1;
    expect(() => openSecret(`v1:${raw.toString("base64url")}`, "whk_1")).toThrow();
    expect(() => openSecret("v2:abc", "whk_1")).toThrow();
    const original = process.env.TOLLGATE_SECRET;
    process.env.TOLLGATE_SECRET = "another-server-secret-another-server-secret";
    try {
      expect(() => openSecret(box, "whk_1")).toThrow();
    } finally {
      process.env.TOLLGATE_SECRET = original;
    }
  });
});

describe("webhookSettings", () => {
  it("has defaults and ignores values that are not positive integers", () => {
    expect(webhookSettings({})).toMatchObject({ allowPrivateTargets: false, backoffBaseMs: 10_000, maxAttempts: 8, timeoutMs: 10_000, pollIntervalMs: 5000, claimLeaseMs: 25_000 });
    expect(webhookSettings({ WEBHOOK_BACKOFF_BASE_MS: "abc", WEBHOOK_MAX_ATTEMPTS: "-3", WEBHOOK_TIMEOUT_MS: "1.5" })).toMatchObject({ backoffBaseMs: 10_000, maxAttempts: 8, timeoutMs: 10_000 });
  });

  it("reads every variable, and 0 turns the worker off", () => {
    const settings = webhookSettings({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "1", WEBHOOK_BACKOFF_BASE_MS: "200", WEBHOOK_MAX_ATTEMPTS: "3", WEBHOOK_TIMEOUT_MS: "1000", WEBHOOK_POLL_INTERVAL_MS: "0" });
    expect(settings).toMatchObject({ allowPrivateTargets: true, backoffBaseMs: 200, maxAttempts: 3, timeoutMs: 1000, pollIntervalMs: 0, claimLeaseMs: 7000 });
  });
});
