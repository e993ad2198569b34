import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { computeSignature, signPayload, verifySignature } from "../../../lib/webhooks/sign-payload";

// A vector computed outside this code:
//   printf '%s' '1700000000.{"id":"evt_1","type":"intent.pending"}' | openssl dgst -sha256 -hmac 'whsec_test_secret_0123456789'
const SECRET = "whsec_test_secret_0123456789";
const BODY = '{"id":"evt_1","type":"intent.pending"}';
const T = 1_700_000_000;
const KNOWN = "01ddb70fd030cb0fbbda5bf65f74f8085905a5b80716623142b68712c2c38bdb";

describe("signPayload", () => {
  it("matches the known vector: t=<unix>,v1=<hex hmac-sha256 of '<t>.<body>'>", () => {
    expect(computeSignature(SECRET, T, BODY)).toBe(KNOWN);
    expect(signPayload(SECRET, BODY, T)).toBe(`t=${T},v1=${KNOWN}`);
  });

  it("signs the timestamp with the body, so the same body at another time signs differently", () => {
    expect(computeSignature(SECRET, T + 1, BODY)).not.toBe(KNOWN);
    expect(computeSignature(SECRET, T + 1, BODY)).toBe(createHmac("sha256", SECRET).update(`${T + 1}.${BODY}`).digest("hex"));
  });

  it("defaults the timestamp to now", () => {
    const before = Math.floor(Date.now() / 1000);
    const t = Number(/^t=(\d+),/.exec(signPayload(SECRET, BODY))![1]);
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(before + 1);
  });
});

describe("verifySignature", () => {
  const header = `t=${T},v1=${KNOWN}`;
  const verify = (overrides: Partial<Parameters<typeof verifySignature>[0]>) => verifySignature({ header, body: BODY, secret: SECRET, now: T + 10, ...overrides });

  it("accepts the genuine signature within the tolerance", () => {
    expect(verify({})).toEqual({ ok: true, timestamp: T });
    expect(verify({ now: T - 299 })).toEqual({ ok: true, timestamp: T });
  });

  it("refuses a tampered body", () => {
    expect(verify({ body: BODY.replace("pending", "resolved") })).toEqual({ ok: false, reason: "mismatch" });
    expect(verify({ body: `${BODY} ` })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses the wrong secret", () => {
    expect(verify({ secret: `${SECRET}x` })).toEqual({ ok: false, reason: "mismatch" });
    expect(verify({ secret: "whsec_another_secret_entirely" })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("refuses a timestamp outside the tolerance either way (replay, skewed clock)", () => {
    expect(verify({ now: T + 301 })).toEqual({ ok: false, reason: "expired" });
    expect(verify({ now: T - 301 })).toEqual({ ok: false, reason: "expired" });
    expect(verify({ now: T + 3600, toleranceSeconds: 3600 })).toEqual({ ok: true, timestamp: T });
  });

  it("refuses a timestamp moved into the window: the signature covers it", () => {
    expect(verify({ header: `t=${T + 5},v1=${KNOWN}` })).toEqual({ ok: false, reason: "mismatch" });
  });

  it("accepts any one of several v1 signatures and ignores unknown schemes", () => {
    const other = "a".repeat(64);
    expect(verify({ header: `t=${T},v1=${other},v1=${KNOWN}` }).ok).toBe(true);
    expect(verify({ header: `t=${T}, v0=abc, v1=${KNOWN}` }).ok).toBe(true);
    expect(verify({ header: `t=${T},v1=${other}` })).toEqual({ ok: false, reason: "mismatch" });
  });

  it.each([
    [undefined],
    [""],
    ["garbage"],
    [`v1=${KNOWN}`],
    [`t=${T}`],
    [`t=abc,v1=${KNOWN}`],
    [`t=${T},t=${T},v1=${KNOWN}`],
    [`t=${T},v1=${KNOWN.slice(0, 63)}`],
    [`t=${T},v1=${KNOWN}00`],
    [`t=${T},v1=${"z".repeat(64)}`],
    [`t=${T},v1=${KNOWN}=x`],
  ])("refuses the malformed header %j", (value) => {
    expect(verify({ header: value })).toEqual({ ok: false, reason: "malformed" });
  });
});
