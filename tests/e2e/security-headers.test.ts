import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { BASE_URL, launchBrowser } from "./browser";

// Issue 14, 11f: the production server (scripts/serve.mjs) sends CSP, frame-ancestors 'none',
// nosniff, Referrer-Policy and X-Frame-Options on every response, and HSTS only for an https
// public URL (this server's is http://localhost, so none). The dashboard must still work under the
// CSP: signing in, the live stream, charts, the policy editor and the API reference, with no
// violation reported by the browser.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

function expectSecurityHeaders(headers: Headers, what: string) {
  expect(headers.get("content-security-policy"), what).toContain("frame-ancestors 'none'");
  expect(headers.get("content-security-policy"), what).toContain("script-src 'self' 'unsafe-inline'");
  expect(headers.get("x-content-type-options"), what).toBe("nosniff");
  expect(headers.get("referrer-policy"), what).toBe("strict-origin-when-cross-origin");
  expect(headers.get("x-frame-options"), what).toBe("DENY");
  expect(headers.get("strict-transport-security"), what).toBeNull();
}

describe("security headers of the production server", () => {
  it("are on pages, API answers, errors and static assets", async () => {
    const login = await fetch(new URL("/login", BASE_URL()));
    expectSecurityHeaders(login.headers, "/login");
    const html = await login.text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    for (const path of ["/api/health", "/api/v1/me", "/api/v1/openapi.json", "/no-such-page", asset as string]) {
      const res = await fetch(new URL(path, BASE_URL()));
      await res.arrayBuffer();
      expectSecurityHeaders(res.headers, path);
    }
  });

  it("leave the dashboard working, with no CSP violation in the browser", async () => {
    const org = await createTestOrg();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: BASE_URL() });
    await context.addInitScript(() => {
      const list: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = list;
      document.addEventListener("securitypolicyviolation", (e) => list.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const consoleViolations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) consoleViolations.push(message.text());
    });
    const violations = async () => [...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)), ...consoleViolations];

    await page.goto("/login");
    await page.fill("input[name=email]", org.admin.email);
    await page.fill("input[name=password]", TEST_PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL("**/approvals");
    await page.getByRole("heading", { name: "Approval queue" }).waitFor();
    await page.locator("[data-testid=live][data-connected=true]").waitFor();
    expect(await violations()).toEqual([]);

    for (const path of ["/metrics", "/policy", "/settings", "/audit", "/docs/api"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      expect(await violations(), path).toEqual([]);
    }
    // A page in a frame of another origin is refused by frame-ancestors 'none'.
    const framed = await context.newPage();
    await framed.setContent(`<iframe id="f" src="${BASE_URL()}/login"></iframe>`);
    await framed.waitForTimeout(1000);
    const frame = framed.frames().find((f) => f.url().includes("/login"));
    const rendered = frame ? await frame.evaluate(() => document.body?.textContent ?? "").catch(() => "") : "";
    expect(rendered).not.toContain("Sign in to Tollgate");
    await context.close();
  });
});
