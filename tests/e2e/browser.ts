import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";

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
  // The URL changes before the server-rendered queue arrives; wait for the page itself, hydrated
  // (its live stream connected), so clicks land on React handlers.
  await page.getByRole("heading", { name: "Approval queue" }).waitFor();
  await page.locator("[data-testid=live][data-connected=true]").waitFor();
  return { context, page };
}

/**
 * Waits until a streamed page has settled: a page with a loading.tsx streams its content in a hidden
 * `<div id="S:…">` that can sit beside React's own copy for a moment (so every test id is there
 * twice, and a strict locator refuses to pick one) until React removes it.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('div[hidden][id^="S:"]'));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The REST API as an agent or script would call it (bearer token), against the running app. */
export async function api<T = any>(method: string, pathname: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(pathname, BASE_URL()), {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
