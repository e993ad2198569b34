import { afterEach, describe, expect, it } from "vitest";
import { maxDelegationDepth } from "../../../lib/domain/leases/delegate-lease";

describe("maxDelegationDepth (LEASE_MAX_DEPTH)", () => {
  const saved = process.env.LEASE_MAX_DEPTH;
  afterEach(() => {
    if (saved === undefined) delete process.env.LEASE_MAX_DEPTH;
    else process.env.LEASE_MAX_DEPTH = saved;
  });

  it("defaults to 2 and takes a whole number", () => {
    delete process.env.LEASE_MAX_DEPTH;
    expect(maxDelegationDepth()).toBe(2);
    process.env.LEASE_MAX_DEPTH = "3";
    expect(maxDelegationDepth()).toBe(3);
    process.env.LEASE_MAX_DEPTH = "0";
    expect(maxDelegationDepth()).toBe(0);
  });

  it.each([["two"], [""], ["1.5"], ["-1"], ["Infinity"]])("falls back to 2 for %j instead of lifting the limit", (value) => {
    process.env.LEASE_MAX_DEPTH = value;
    expect(maxDelegationDepth()).toBe(2);
  });
});
