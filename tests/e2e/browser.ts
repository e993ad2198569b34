import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page, type Response, chromium } from "playwright-core";

export const BASE_URL = () => process.env.E2E_BASE_URL ?? "http://localhost:3310";
export const ARTIFACTS = path.resolve(import.meta.dirname, "../../test-results");

/** Debian's Chromium, headless, with the flags this sandbox needs (no background networking). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export async function signIn(browser: Browser, email: string, password: string, baseURL = BASE_URL()): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL });
  const page = await context.newPage();
  await page.goto("/login");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForURL("**/approvals");
  await settled(page);
  // The URL changes before the server-rendered queue arrives; wait for the page itself, hydrated
  // (its live stream connected), so clicks land on React handlers.
  await page.getByRole("heading", { name: "Approval queue" }).waitFor();
  await page.locator("[data-testid=live][data-connected=true]").waitFor();
  return { context, page };
}

/**
 * Waits until a streamed page has settled. A page with a loading.tsx streams its content after the
 * skeleton, in a hidden `<div id="S:…">` that a script moves into place; React (19.2+) throttles these
 * reveals (a frame, up to ~300 ms), so for a moment the content is in the DOM hidden, beside the copy
 * React shows. Role/text locators skip hidden nodes, CSS/test-id ones do not: a strict locator sees
 * two matches, a fill may hit the hidden copy. The reveal removes the `S:` div, and all of them are
 * parsed by a navigation's load event, so call this after goto/reload/waitForURL (see goto below).
 * Client-side navigations render from the RSC payload and stage nothing.
 */
export async function settled(page: Page): Promise<void> {
  // A locator, not waitForFunction: selectors run in Playwright's own world, clear of the app's CSP.
  await page.locator('div[hidden][id^="S:"]').first().waitFor({ state: "detached" });
}

/** A full navigation (path, or absolute URL) that returns once the streamed page has settled. */
export async function goto(page: Page, path: string): Promise<Response | null> {
  const res = await page.goto(path);
  await settled(page);
  return res;
}

/** Reloads the page and waits for it to settle, as goto does. */
export async function reload(page: Page): Promise<Response | null> {
  const res = await page.reload();
  await settled(page);
  return res;
}

/**
 * Holds the browser's session reads (GET /api/auth/session) for `ms`, as a slow network would, so
 * a test acts while next-auth's client still says "loading", the moment its `update()` is a no-op.
 */
export async function slowSessionReads(page: Page, ms = 1500): Promise<void> {
  await page.route("**/api/auth/session", async (route) => {
    if (route.request().method() === "GET") await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The REST API as an agent or script would call it (bearer token), against the running app. */
export async function api<T = any>(method: string, pathname: string, token: string | null, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(pathname, BASE_URL()), {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
