import { describe, expect, it } from "vitest";
import { compileGlob } from "../../../lib/policy/glob";
import { matches } from "./policy-fixtures";

describe("compileGlob", () => {
  it("without * is plain equality", () => {
    const g = compileGlob("payment.refund");
    expect(g("payment.refund")).toBe(true);
    expect(g("payment.refunds")).toBe(false);
    expect(g("paymentXrefund")).toBe(false);
  });

  it("prefix", () => {
    const g = compileGlob("payment.*");
    expect(g("payment.refund")).toBe(true);
    expect(g("payment.")).toBe(true);
    expect(g("payment")).toBe(false);
    expect(g("xpayment.refund")).toBe(false);
  });

  it("suffix", () => {
    const g = compileGlob("*.stripe.com");
    expect(g("api.stripe.com")).toBe(true);
    expect(g("stripe.com")).toBe(false);
    expect(g("api.stripe.com.evil")).toBe(false);
  });

  it("middle", () => {
    const g = compileGlob("db.*.write");
    expect(g("db.users.write")).toBe(true);
    expect(g("db..write")).toBe(true);
    expect(g("db.write")).toBe(false);
    expect(g("db.users.read")).toBe(false);
  });

  it("* spans dots and any run of characters", () => {
    const g = compileGlob("a*z");
    expect(g("a.b.c.z")).toBe(true);
    expect(g("az")).toBe(true);
    expect(g("a\nz")).toBe(true);
    expect(g("a")).toBe(false);
  });

  it("only * is special; regex metacharacters are literal", () => {
    expect(compileGlob("a.c")("abc")).toBe(false);
    expect(compileGlob("a.c")("a.c")).toBe(true);
    expect(compileGlob("(x)+[y]?")("(x)+[y]?")).toBe(true);
    expect(compileGlob("(x)+[y]?")("xxy")).toBe(false);
    expect(compileGlob("$^*\\d")("$^anything\\d")).toBe(true);
    expect(compileGlob("$^*\\d")("$^7")).toBe(false);
    expect(compileGlob("a?c")("abc")).toBe(false);
    expect(compileGlob("a|b")("a")).toBe(false);
  });

  it("several stars", () => {
    const g = compileGlob("*.internal.*.example.com");
    expect(g("db.internal.eu.example.com")).toBe(true);
    expect(g("internal.eu.example.com")).toBe(false);
    const h = compileGlob("a*b*a");
    expect(h("aba")).toBe(true);
    expect(h("abba")).toBe(true);
    expect(h("ab")).toBe(false);
    expect(h("aa")).toBe(false);
    expect(compileGlob("*")("")).toBe(true);
    expect(compileGlob("**")("anything")).toBe(true);
    expect(compileGlob("ab*ba")("aba")).toBe(false);
  });

  it("stays fast on adversarial input (no backtracking)", () => {
    // As a backtracking RegExp (^.*a.*a.*a.*a.*a.*b.*$) this input takes polynomial time.
    const g = compileGlob("*a*a*a*a*a*b*");
    const input = "a".repeat(200_000);
    const start = performance.now();
    expect(g(input)).toBe(false);
    expect(performance.now() - start).toBeLessThan(200);
  });

  it("is what match keys use", () => {
    expect(matches({ action: "payment.re*" })).toBe(true);
    expect(matches({ action: "pay*.ref*d" })).toBe(true);
    expect(matches({ action: "payment.refun." })).toBe(false);
  });
});
