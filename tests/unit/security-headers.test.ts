import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders, wantsHsts } from "../../scripts/lib/security-headers.mjs";

// Issue 14, 11f: the responses carried no security headers. scripts/serve.mjs now sets these on
// every response (tests/e2e/security-headers.test.ts checks them on the production server, and
// that the dashboard runs under the CSP without a violation).

const directives = (csp: string) => Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("security headers", () => {
  it("sends a CSP that lets only this origin's scripts run and forbids framing, plus nosniff, Referrer-Policy and X-Frame-Options", () => {
    const headers = Object.fromEntries(securityHeaders({ NEXTAUTH_URL: "http://localhost:3000" }));
    expect(headers).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
    const csp = directives(headers["Content-Security-Policy"] as string);
    expect(csp).toMatchObject({
      "default-src": ["'self'"],
      "script-src": ["'self'", "'unsafe-inline'"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
    });
    expect(headers["Content-Security-Policy"]).not.toContain("unsafe-eval");
  });

  it("adds HSTS only for an https public URL that is not a loopback name", () => {
    expect(wantsHsts({ NEXTAUTH_URL: "https://tollgate.example.com" })).toBe(true);
    for (const url of ["http://tollgate.example.com", "https://localhost:3000", "https://127.0.0.1", "https://[::1]:3000", "https://app.localhost", "not a url", undefined]) {
      expect(wantsHsts({ NEXTAUTH_URL: url }), String(url)).toBe(false);
    }
    expect(Object.fromEntries(securityHeaders({ NEXTAUTH_URL: "https://tollgate.example.com" }))["Strict-Transport-Security"]).toBe("max-age=31536000");
    expect(Object.fromEntries(securityHeaders({}))["Strict-Transport-Security"]).toBeUndefined();
  });

  it("lets sign-in forms reach the configured OAuth providers only", () => {
    expect(directives(contentSecurityPolicy({ GITHUB_ID: "x", OIDC_ISSUER: "https://login.example.com/realms/acme" }))["form-action"]).toEqual([
      "'self'", "https://github.com", "https://login.example.com",
    ]);
    expect(directives(contentSecurityPolicy({ OIDC_ISSUER: "::bad::" }))["form-action"]).toEqual(["'self'"]);
  });
});
