import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { goto, screenshot, signIn } from "../e2e/browser";
import type { FlowState } from "./demo-flow";
import type { Demo } from "./demo-process";

// The dashboard a newcomer opens after `npm run demo`: signed in with the printed login, every main
// page renders its heading with no server error, and the metrics page shows the seeded month.

const PAGES: [path: (s: FlowState) => string, heading: string][] = [
  [() => "/approvals", "Approval queue"],
  [(s) => `/intents/${s.pending.id}`, "Decisions log"],
  [() => "/intents", "History"],
  [() => "/leases", "Leases"],
  [() => "/policy", "Policy"],
  [() => "/agents", "Agents"],
  [() => "/audit", "Audit log"],
  [() => "/members", "Members"],
  [() => "/webhooks", "Webhooks"],
  [() => "/reviews", "Review after"],
  [() => "/settings", "Settings"],
  [() => "/metrics", "Metrics"],
];

export async function visitDashboard(browser: Browser, demo: Demo, state: FlowState): Promise<void> {
  const { login } = demo.credentials();
  const { context, page } = await signIn(browser, login.email, login.password, demo.url);
  const failures: string[] = [];
  page.on("response", (res) => {
    if (res.status() >= 500) failures.push(`${res.status()} ${res.url()}`);
  });
  page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  for (const [to, heading] of PAGES) {
    const res = await goto(page, to(state));
    expect(res?.status(), to(state)).toBe(200);
    await page.locator("main").getByRole("heading", { name: heading }).first().waitFor();
  }
  await seededMonthShows(page);
  await screenshot(page, `demo-metrics-${demo.port}`);
  expect(failures).toEqual([]);
  await context.close();
}

/** The metrics page on its default range: every chart drawn, advice, shadow rules and reviewer burden filled. */
async function seededMonthShows(page: Page): Promise<void> {
  const main = page.locator("main");
  await main.getByTestId("metrics-body").waitFor();
  for (const chart of ["volume", "tta", "override", "rejections", "burden"]) {
    const card = main.getByTestId(`chart-${chart}`);
    expect(await card.getByTestId(`chart-empty-${chart}`).count(), `${chart} chart is empty`).toBe(0);
    await card.locator("svg .recharts-surface, svg.recharts-surface").first().waitFor();
  }
  expect(await main.getByTestId("advice-row").locator("[data-testid=advice-text]").count()).toBeGreaterThan(0);
  expect(await main.locator("[data-testid=advice-row][data-advice]:not([data-advice=''])").count(), "threshold advice").toBeGreaterThan(0);
  expect(await main.getByTestId("shadow-row").count(), "shadow rules").toBeGreaterThan(0);
  await main.getByTestId("table-toggle-burden").click();
  expect(await main.getByTestId("table-burden").locator("tbody tr").count(), "reviewer burden rows").toBeGreaterThanOrEqual(3);
}
