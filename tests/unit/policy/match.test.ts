import { describe, expect, it } from "vitest";
import { facts, matches } from "./policy-fixtures";

describe("match", () => {
  it("an empty or absent match accepts everything", () => {
    expect(matches({})).toBe(true);
  });

  it("every given key must match", () => {
    expect(matches({ action: "payment.refund", environment: "production", stage: "run" })).toBe(true);
    expect(matches({ action: "payment.refund", environment: "staging" })).toBe(false);
    expect(matches({ action: "payment.charge", environment: "production" })).toBe(false);
  });

  it("a list means any of", () => {
    expect(matches({ action: ["payment.charge", "payment.refund"] })).toBe(true);
    expect(matches({ action: ["payment.charge", "email.send"] })).toBe(false);
    expect(matches({ environment: ["staging", "prod*"] })).toBe(true);
    expect(matches({ stage: ["create", "run"] })).toBe(true);
    expect(matches({ stage: ["create", "publish"] })).toBe(false);
  });

  it("globs apply to string keys", () => {
    expect(matches({ action: "payment.*" })).toBe(true);
    expect(matches({ action: "*.refund" })).toBe(true);
    expect(matches({ destination: "*.stripe.com" })).toBe(true);
    expect(matches({ destination: "*.stripe.com" }, facts({ destination: "stripe.com" }))).toBe(false);
    expect(matches({ destination: "*.stripe.com" }, facts({ destination: "api.stripe.com.evil.io" }))).toBe(false);
  });

  it("is case-sensitive", () => {
    expect(matches({ action: "Payment.Refund" })).toBe(false);
  });

  it("a key whose intent field is missing or null fails", () => {
    expect(matches({ environment: "*" }, facts({ environment: null }))).toBe(false);
    expect(matches({ destination: "*" }, facts({ destination: undefined }))).toBe(false);
    expect(matches({ environment: "*" })).toBe(true);
  });

  it("agent matches the agent name or the agent id", () => {
    expect(matches({ agent: "billing-bot" })).toBe(true);
    expect(matches({ agent: "agt_123" })).toBe(true);
    expect(matches({ agent: ["other-bot", "agt_*"] })).toBe(true);
    expect(matches({ agent: "billing-*" })).toBe(true);
    expect(matches({ agent: "other-bot" })).toBe(false);
    expect(matches({ agent: "agt_123" }, facts({ agentId: undefined }))).toBe(false);
  });

  it("risk_tags: the intent must carry all listed tags", () => {
    const tagged = facts({ riskTags: ["payment", "pii", "prod-write"] });
    expect(matches({ risk_tags: ["payment", "pii"] }, tagged)).toBe(true);
    expect(matches({ risk_tags: "pii" }, tagged)).toBe(true);
    expect(matches({ risk_tags: ["payment", "external-email"] }, tagged)).toBe(false);
    expect(matches({ risk_tags: ["payment"] }, facts({ riskTags: [] }))).toBe(false);
  });

  it("risk_tags: each listed glob may match any one of the intent's tags", () => {
    const tagged = facts({ riskTags: ["pii:email", "prod-write"] });
    expect(matches({ risk_tags: ["pii:*", "prod-*"] }, tagged)).toBe(true);
    expect(matches({ risk_tags: ["pii:*", "payment*"] }, tagged)).toBe(false);
  });
});
