import { describe, expect, it } from "vitest";
import { facts, holds, truth } from "./policy-fixtures";

const T = { field: "amount", op: "eq", value: 50 } as const;
const F = { field: "amount", op: "eq", value: 51 } as const;
const MISSING = { field: "payload.absent", op: "lt", value: 100 } as const;

describe("all / any / not", () => {
  it("all needs every child", () => {
    expect(holds({ all: [T, T] })).toBe(true);
    expect(holds({ all: [T, F] })).toBe(false);
    expect(holds({ all: [T] })).toBe(true);
  });

  it("any needs one child", () => {
    expect(holds({ any: [F, T] })).toBe(true);
    expect(holds({ any: [F, F] })).toBe(false);
  });

  it("not negates", () => {
    expect(holds({ not: F })).toBe(true);
    expect(holds({ not: T })).toBe(false);
    expect(holds({ not: { not: T } })).toBe(true);
  });

  it("nests", () => {
    expect(holds({ all: [T, { any: [F, { not: F }] }] })).toBe(true);
    expect(holds({ all: [T, { any: [F, { not: T }] }] })).toBe(false);
    expect(holds({ any: [{ all: [T, F] }, { all: [T, { not: { any: [F] } }] }] })).toBe(true);
  });

  it("a leaf on a missing field is unknown, and not of it is unknown too (three-valued reading)", () => {
    expect(truth(MISSING)).toBe("unknown");
    expect(truth({ not: MISSING })).toBe("unknown");
    expect(truth({ all: [T, MISSING] })).toBe("unknown");
    expect(truth({ all: [F, MISSING] })).toBe("false");
    expect(truth({ any: [MISSING, T] })).toBe("true");
    expect(truth({ any: [MISSING, F] })).toBe("unknown");
    const noAmount = facts({ amount: undefined });
    expect(holds({ not: { field: "amount", op: "lt", value: 100 } }, noAmount)).toBe(false);
    expect(holds({ not: { field: "amount", op: "gte", value: 100 } }, noAmount)).toBe(false);
  });

  it("short-circuits: all stops at the first false, any at the first true", () => {
    let reads = 0;
    const payload = {
      get probe() {
        reads++;
        return 1;
      },
    };
    expect(holds({ all: [F, { field: "payload.probe", op: "eq", value: 1 }] }, facts({ payload }))).toBe(false);
    expect(holds({ any: [T, { field: "payload.probe", op: "eq", value: 1 }] }, facts({ payload }))).toBe(true);
    expect(reads).toBe(0);
  });
});
