import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkSignature } from "../../../lib/slack/signature";

// Slack's request signing, checked against the example of Slack's own documentation
// (https://api.slack.com/authentication/verifying-requests-from-slack): the expected signature is
// the one printed there, not one this code computed.

const DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const DOC_TIMESTAMP = "1531420618";
const DOC_BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

describe("checkSignature", () => {
  it("accepts Slack's documented example at its own time", () => {
    expect(checkSignature(DOC_SECRET, DOC_BODY, DOC_TIMESTAMP, DOC_SIGNATURE, Number(DOC_TIMESTAMP) + 10)).toEqual({ ok: true });
  });

  it("refuses it five minutes and a second later, a changed body, another secret, and no headers", () => {
    const at = Number(DOC_TIMESTAMP);
    expect(checkSignature(DOC_SECRET, DOC_BODY, DOC_TIMESTAMP, DOC_SIGNATURE, at + 301).ok).toBe(false);
    expect(checkSignature(DOC_SECRET, DOC_BODY, DOC_TIMESTAMP, DOC_SIGNATURE, at - 301).ok).toBe(false);
    expect(checkSignature(DOC_SECRET, `${DOC_BODY}&x=1`, DOC_TIMESTAMP, DOC_SIGNATURE, at).ok).toBe(false);
    expect(checkSignature("0".repeat(32), DOC_BODY, DOC_TIMESTAMP, DOC_SIGNATURE, at).ok).toBe(false);
    expect(checkSignature(DOC_SECRET, DOC_BODY, null, DOC_SIGNATURE, at).ok).toBe(false);
    expect(checkSignature(DOC_SECRET, DOC_BODY, DOC_TIMESTAMP, null, at).ok).toBe(false);
    expect(checkSignature(DOC_SECRET, DOC_BODY, "1e9", DOC_SIGNATURE, at).ok).toBe(false);
    // A signature of another length is refused before any comparison.
    expect(checkSignature(DOC_SECRET, DOC_BODY, DOC_TIMESTAMP, "v0=ab", at).ok).toBe(false);
  });

  it("is the v0 scheme: HMAC-SHA256 over v0:timestamp:body", () => {
    const mine = `v0=${createHmac("sha256", "s3cret").update("v0:100:body").digest("hex")}`;
    expect(checkSignature("s3cret", "body", "100", mine, 100).ok).toBe(true);
  });
});
