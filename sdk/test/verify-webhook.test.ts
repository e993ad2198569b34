import { describe, expect, it } from "vitest";
import { WebhookVerificationError, verifyWebhook } from "../src/index.ts";

// A fixed vector, its digests computed outside this code with
//   printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac "$SECRET"
const BODY = '{"id":"evt_1","type":"intent.pending","created_at":"2023-11-14T22:13:20.000Z","data":{"id":"int_1","status":"pending_approval","action":"email.send"}}';
const T = 1700000000;
const OLD_SECRET = "whsec_test_secret";
const OLD_SIG = "a59e3a2cda5fd16d0b2c712e44454bae123d40a44856d123e8be1fa7fafa1f9c";
const NEW_SECRET = "whsec_new_secret";
const NEW_SIG = "b13e868758c51fdaefd77c9050e0afa3fd894ecb6ab4c32ee5963b118e7017a8";
const AT_T = new Date(T * 1000);

function failure(input: Parameters<typeof verifyWebhook>[0]): string {
  try {
    verifyWebhook(input);
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError);
    return (error as WebhookVerificationError).reason;
  }
  throw new Error("verified, but should not have");
}

describe("verifyWebhook", () => {
  it("accepts the known vector and returns the parsed event", () => {
    const event = verifyWebhook({ secret: OLD_SECRET, header: `t=${T},v1=${OLD_SIG}`, body: BODY, now: AT_T });
    expect(event).toEqual({ id: "evt_1", type: "intent.pending", created_at: "2023-11-14T22:13:20.000Z", data: { id: "int_1", status: "pending_approval", action: "email.send" } });
  });

  it("accepts the raw body as bytes", () => {
    expect(() => verifyWebhook({ secret: OLD_SECRET, header: `t=${T},v1=${OLD_SIG}`, body: new TextEncoder().encode(BODY), now: AT_T })).not.toThrow();
  });

  it("accepts any of several v1 signatures (the server signing with old and new secret during rotation)", () => {
    const header = `t=${T},v1=${OLD_SIG},v1=${NEW_SIG}`;
    expect(() => verifyWebhook({ secret: NEW_SECRET, header, body: BODY, now: AT_T })).not.toThrow();
    expect(() => verifyWebhook({ secret: OLD_SECRET, header, body: BODY, now: AT_T })).not.toThrow();
    // …and a receiver holding both secrets accepts a delivery signed with either one.
    expect(() => verifyWebhook({ secret: [NEW_SECRET, OLD_SECRET], header: `t=${T},v1=${OLD_SIG}`, body: BODY, now: AT_T })).not.toThrow();
  });

  it("refuses a tampered body, a tampered signature, a changed timestamp and the wrong secret", () => {
    const header = `t=${T},v1=${OLD_SIG}`;
    expect(failure({ secret: OLD_SECRET, header, body: BODY.replace("email.send", "email.delete"), now: AT_T })).toBe("signature_mismatch");
    const flipped = OLD_SIG.slice(0, -1) + (OLD_SIG.endsWith("c") ? "d" : "c");
    expect(failure({ secret: OLD_SECRET, header: `t=${T},v1=${flipped}`, body: BODY, now: AT_T })).toBe("signature_mismatch");
    expect(failure({ secret: OLD_SECRET, header: `t=${T + 1},v1=${OLD_SIG}`, body: BODY, now: AT_T })).toBe("signature_mismatch");
    expect(failure({ secret: "whsec_other", header, body: BODY, now: AT_T })).toBe("signature_mismatch");
  });

  it("refuses an authentic delivery outside the replay window, on either side", () => {
    const header = `t=${T},v1=${OLD_SIG}`;
    expect(() => verifyWebhook({ secret: OLD_SECRET, header, body: BODY, now: new Date((T + 300) * 1000) })).not.toThrow();
    expect(failure({ secret: OLD_SECRET, header, body: BODY, now: new Date((T + 301) * 1000) })).toBe("timestamp_out_of_range");
    expect(failure({ secret: OLD_SECRET, header, body: BODY, now: new Date((T - 301) * 1000) })).toBe("timestamp_out_of_range");
    expect(() => verifyWebhook({ secret: OLD_SECRET, header, body: BODY, now: new Date((T + 3600) * 1000), toleranceSeconds: 3600 })).not.toThrow();
  });

  it("refuses missing and malformed headers", () => {
    expect(failure({ secret: OLD_SECRET, header: undefined, body: BODY, now: AT_T })).toBe("missing_header");
    expect(failure({ secret: OLD_SECRET, header: `v1=${OLD_SIG}`, body: BODY, now: AT_T })).toBe("malformed_header");
    expect(failure({ secret: OLD_SECRET, header: `t=${T}`, body: BODY, now: AT_T })).toBe("malformed_header");
    expect(failure({ secret: OLD_SECRET, header: `t=${T},v1=not-hex`, body: BODY, now: AT_T })).toBe("malformed_header");
    // Only v1 counts: the same digest under another scheme name is not accepted.
    expect(failure({ secret: OLD_SECRET, header: `t=${T},v0=${OLD_SIG}`, body: BODY, now: AT_T })).toBe("malformed_header");
  });
});
