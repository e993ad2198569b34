import { describe, expect, it } from "vitest";
import { facts, holds, truth } from "./policy-fixtures";

const noAmount = facts({ amount: undefined });

describe("eq / ne", () => {
  it("eq compares scalars type-strictly", () => {
    expect(holds({ field: "amount", op: "eq", value: 50 })).toBe(true);
    expect(holds({ field: "amount", op: "eq", value: 51 })).toBe(false);
    expect(holds({ field: "amount", op: "eq", value: "50" })).toBe(false);
    expect(holds({ field: "payload.quantity", op: "eq", value: 1 }, facts({ payload: { quantity: "1" } }))).toBe(false);
    expect(holds({ field: "environment", op: "eq", value: "production" })).toBe(true);
  });

  it("eq compares objects and arrays deeply, ignoring key order", () => {
    expect(holds({ field: "payload.customer", op: "eq", value: { tier: "gold", id: "cus_1" } })).toBe(true);
    expect(holds({ field: "payload.customer", op: "eq", value: { id: "cus_1" } })).toBe(false);
    expect(holds({ field: "payload.items", op: "eq", value: [{ qty: 2, sku: "a-1" }] })).toBe(true);
    expect(holds({ field: "payload.items", op: "eq", value: [{ qty: "2", sku: "a-1" }] })).toBe(false);
    expect(holds({ field: "risk_tags", op: "eq", value: ["payment"] })).toBe(true);
    expect(holds({ field: "risk_tags", op: "eq", value: "payment" })).toBe(false);
  });

  it("ne is true for a present, different value of the same type; unknown for a missing one or another type", () => {
    expect(truth({ field: "amount", op: "ne", value: 10 })).toBe("true");
    expect(truth({ field: "amount", op: "ne", value: 50 })).toBe("false");
    expect(truth({ field: "amount", op: "ne", value: "50" })).toBe("unknown");
    expect(truth({ field: "amount", op: "ne", value: 10 }, noAmount)).toBe("unknown");
    expect(truth({ field: "payload.absent", op: "ne", value: "x" })).toBe("unknown");
  });

  it("eq on a missing field is unknown, null counts as missing; a present value is never null", () => {
    expect(truth({ field: "amount", op: "eq", value: 50 }, noAmount)).toBe("unknown");
    expect(truth({ field: "environment", op: "eq", value: null }, facts({ environment: null }))).toBe("unknown");
    expect(truth({ field: "environment", op: "eq", value: null })).toBe("false");
    expect(truth({ field: "environment", op: "ne", value: null })).toBe("true");
  });

  it("eq across JSON types is unknown, not false: \"5\" is neither equal nor unequal to 5", () => {
    expect(truth({ field: "amount", op: "eq", value: "50" })).toBe("unknown");
    expect(truth({ field: "payload.quantity", op: "eq", value: 1 }, facts({ payload: { quantity: "1" } }))).toBe("unknown");
    expect(truth({ field: "risk_tags", op: "eq", value: "payment" })).toBe("unknown");
    expect(truth({ field: "payload.customer", op: "eq", value: ["cus_1"] })).toBe("unknown");
    // Same type at the top, different inside: simply not equal.
    expect(truth({ field: "payload.items", op: "eq", value: [{ qty: "2", sku: "a-1" }] })).toBe("false");
  });
});

describe("lt / lte / gt / gte", () => {
  it("compare numbers numerically at the boundaries", () => {
    expect(holds({ field: "amount", op: "lt", value: 100 })).toBe(true);
    expect(holds({ field: "amount", op: "lt", value: 50 })).toBe(false);
    expect(holds({ field: "amount", op: "lte", value: 50 })).toBe(true);
    expect(holds({ field: "amount", op: "lte", value: 49.99 })).toBe(false);
    expect(holds({ field: "amount", op: "gt", value: 49.5 })).toBe(true);
    expect(holds({ field: "amount", op: "gt", value: 50 })).toBe(false);
    expect(holds({ field: "amount", op: "gte", value: 50 })).toBe(true);
    expect(holds({ field: "amount", op: "gte", value: 50.01 })).toBe(false);
  });

  it("compare as numbers, not as formatted strings", () => {
    const big = facts({ amount: 1_000_000 });
    expect(holds({ field: "amount", op: "gt", value: 999_999 }, big)).toBe(true);
    expect(holds({ field: "amount", op: "lt", value: 2_000_000 }, big)).toBe(true);
    expect(holds({ field: "amount", op: "gt", value: 9 }, facts({ amount: 10 }))).toBe(true);
    expect(holds({ field: "context.confidence", op: "gte", value: 0.95 })).toBe(true);
    expect(holds({ field: "amount", op: "lt", value: 0 }, facts({ amount: -5 }))).toBe(true);
  });

  it("a missing amount is not zero: every comparison is unknown", () => {
    for (const op of ["lt", "lte", "gt", "gte"] as const) {
      expect(truth({ field: "amount", op, value: 500 }, noAmount)).toBe("unknown");
      expect(truth({ field: "amount", op, value: 500 }, facts({ amount: null }))).toBe("unknown");
    }
  });

  it("non-numbers never compare, even numeric-looking strings: unknown", () => {
    const stringy = facts({ payload: { n: "5", t: true, list: [1] } });
    expect(truth({ field: "payload.n", op: "lt", value: 10 }, stringy)).toBe("unknown");
    expect(truth({ field: "payload.n", op: "gte", value: 1 }, stringy)).toBe("unknown");
    expect(truth({ field: "payload.t", op: "gt", value: 0 }, stringy)).toBe("unknown");
    expect(truth({ field: "payload.list", op: "gt", value: 0 }, stringy)).toBe("unknown");
    expect(holds({ field: "payload.n", op: "lt", value: 10 }, stringy)).toBe(false);
  });
});

describe("in / nin", () => {
  it("scalar field: membership, type-strict", () => {
    expect(holds({ field: "environment", op: "in", value: ["staging", "production"] })).toBe(true);
    expect(holds({ field: "environment", op: "in", value: ["staging"] })).toBe(false);
    expect(truth({ field: "amount", op: "in", value: ["50"] })).toBe("unknown");
    expect(truth({ field: "amount", op: "in", value: [50, "50"] })).toBe("true");
    expect(holds({ field: "amount", op: "in", value: [10, 50] })).toBe(true);
    expect(holds({ field: "environment", op: "nin", value: ["staging"] })).toBe(true);
    expect(holds({ field: "environment", op: "nin", value: ["production"] })).toBe(false);
  });

  it("array field: in = some element listed, nin = no element listed", () => {
    const tagged = facts({ riskTags: ["payment", "pii"] });
    expect(holds({ field: "risk_tags", op: "in", value: ["pii", "prod-write"] }, tagged)).toBe(true);
    expect(holds({ field: "risk_tags", op: "in", value: ["prod-write"] }, tagged)).toBe(false);
    expect(holds({ field: "risk_tags", op: "nin", value: ["prod-write"] }, tagged)).toBe(true);
    expect(holds({ field: "risk_tags", op: "nin", value: ["pii"] }, tagged)).toBe(false);
    const untagged = facts({ riskTags: [] });
    expect(holds({ field: "risk_tags", op: "in", value: ["pii"] }, untagged)).toBe(false);
    expect(holds({ field: "risk_tags", op: "nin", value: ["pii"] }, untagged)).toBe(true);
  });

  it("object members compare deeply", () => {
    expect(holds({ field: "payload.customer", op: "in", value: [{ id: "cus_1", tier: "gold" }, "x"] })).toBe(true);
    expect(holds({ field: "payload.customer", op: "in", value: [{ id: "cus_2", tier: "gold" }] })).toBe(false);
  });

  it("missing field is unknown for both", () => {
    expect(truth({ field: "destination", op: "in", value: ["a"] }, facts({ destination: null }))).toBe("unknown");
    expect(truth({ field: "destination", op: "nin", value: ["a"] }, facts({ destination: undefined }))).toBe("unknown");
  });
});

describe("exists", () => {
  it("defaults to true and tests presence", () => {
    expect(holds({ field: "amount", op: "exists" })).toBe(true);
    expect(holds({ field: "amount", op: "exists", value: true }, noAmount)).toBe(false);
    expect(holds({ field: "payload.customer.id", op: "exists" })).toBe(true);
  });

  it("exists: false is true for missing and null, false for present values", () => {
    expect(holds({ field: "amount", op: "exists", value: false }, noAmount)).toBe(true);
    expect(holds({ field: "environment", op: "exists", value: false }, facts({ environment: null }))).toBe(true);
    expect(holds({ field: "amount", op: "exists", value: false })).toBe(false);
    expect(holds({ field: "payload.note", op: "exists", value: false }, facts({ payload: { note: "" } }))).toBe(false);
    expect(holds({ field: "payload.n", op: "exists", value: false }, facts({ payload: { n: 0 } }))).toBe(false);
  });
});

describe("matches", () => {
  it("globs a string field", () => {
    expect(holds({ field: "destination", op: "matches", value: "*.stripe.com" })).toBe(true);
    expect(holds({ field: "destination", op: "matches", value: "*.paypal.com" })).toBe(false);
    expect(holds({ field: "action", op: "matches", value: "payment.*" })).toBe(true);
  });

  it("array field: any element matches", () => {
    const tagged = facts({ riskTags: ["payment", "pii:email"] });
    expect(holds({ field: "risk_tags", op: "matches", value: "pii:*" }, tagged)).toBe(true);
    expect(holds({ field: "risk_tags", op: "matches", value: "prod*" }, tagged)).toBe(false);
  });

  it("non-string and missing fields are unknown", () => {
    expect(truth({ field: "amount", op: "matches", value: "*" })).toBe("unknown");
    expect(truth({ field: "payload.customer", op: "matches", value: "*" })).toBe("unknown");
    expect(truth({ field: "destination", op: "matches", value: "*" }, facts({ destination: null }))).toBe("unknown");
  });
});

describe("field addressing", () => {
  it("walks nested objects and arrays by numeric index", () => {
    expect(holds({ field: "payload.items.0.sku", op: "eq", value: "a-1" })).toBe(true);
    expect(holds({ field: "payload.items.1.sku", op: "exists" })).toBe(false);
    expect(holds({ field: "payload.items.first.sku", op: "exists" })).toBe(false);
    expect(holds({ field: "context.source", op: "eq", value: "email" })).toBe(true);
    expect(holds({ field: "payload.note.length", op: "exists" })).toBe(false);
  });

  it("reads own properties only, so prototype names are missing", () => {
    expect(holds({ field: "payload.constructor", op: "exists" })).toBe(false);
    expect(holds({ field: "payload.toString", op: "exists" })).toBe(false);
    expect(holds({ field: "payload.items.length", op: "exists" })).toBe(false);
    expect(holds({ field: "payload.__proto__", op: "exists" })).toBe(false);
  });

  it("treats a missing payload or context as absent", () => {
    const bare = facts({ payload: undefined, context: null });
    expect(holds({ field: "payload.customer.id", op: "exists", value: false }, bare)).toBe(true);
    expect(truth({ field: "context.confidence", op: "gte", value: 0 }, bare)).toBe("unknown");
  });

  it("addresses the top-level intent fields", () => {
    expect(holds({ field: "action", op: "eq", value: "payment.refund" })).toBe(true);
    expect(holds({ field: "agent", op: "eq", value: "billing-bot" })).toBe(true);
    expect(holds({ field: "stage", op: "eq", value: "run" })).toBe(true);
    expect(holds({ field: "destination", op: "eq", value: "api.stripe.com" })).toBe(true);
    expect(holds({ field: "currency", op: "eq", value: "USD" })).toBe(true);
    expect(truth({ field: "currency", op: "in", value: ["EUR", "GBP"] })).toBe("false");
    expect(truth({ field: "currency", op: "eq", value: "USD" }, facts({ currency: null }))).toBe("unknown");
  });
});
