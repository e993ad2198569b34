import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { api, goto, launchBrowser, screenshot, signIn } from "./browser";

// Reads are allowed (and all sampled for review), deletes denied, refunds wait for a human; a
// shadow rule tries out blocking refunds over 100 without gating anything.
const POLICY = `
version: 1
default: require_approval
rules:
  - id: shadow-big-refunds
    mode: shadow
    match: { action: payment.refund }
    when: { all: [ { field: amount, op: gt, value: 100 } ] }
    decision: deny
    reason: Trial - block refunds over 100
  - id: reads
    match: { action: crm.read }
    decision: allow
    reason: Reads are safe
    sample: 1
  - id: deletes
    match: { action: crm.delete }
    decision: deny
    reason: Never delete customers
  - id: refunds
    match: { action: payment.refund }
    decision: require_approval
    reason: Refunds need a human
`;

const refund = (amount: number) => ({
  action: "payment.refund",
  environment: "production",
  amount,
  currency: "USD",
  payload: { charge: `ch_${amount}`, amount },
  summary: { title: `Refund ${amount} USD` },
});

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const figure = (page: Page, id: string) => page.locator("main").getByTestId(`metric-${id}`).getAttribute("data-value").then(Number);
// Lookups are scoped to <main>; goto() also waits out the hidden copy a streamed page is staged in.
const metricsReady = (page: Page) => page.locator("main [data-testid=metrics-body]").waitFor();

describe("metrics and review-after in a real browser", () => {
  it("shows the range's figures and charts, tables and CSVs, and a review marked wrong moves the override rate", async () => {
    const org = await createTestOrg();
    const agent = await org.agent("ops-bot");
    await org.setPolicy(POLICY);
    const approver = await org.user("approver");
    const viewer = await org.user("viewer");

    // 10 intents: 3 allowed (sampled), 2 denied, 5 sent for approval (2 of them over 100).
    for (const n of [1, 2, 3]) expect((await api("POST", "/api/v1/intents", agent.key, { action: "crm.read", environment: "production", payload: { id: n } })).body.status).toBe("allowed");
    for (const n of [1, 2]) expect((await api("POST", "/api/v1/intents", agent.key, { action: "crm.delete", environment: "staging", payload: { id: n } })).body.status).toBe("denied");
    const refunds: string[] = [];
    for (const amount of [40, 50, 60, 150, 200]) {
      const proposed = await api("POST", "/api/v1/intents", agent.key, refund(amount));
      expect(proposed.body.status).toBe("pending_approval");
      refunds.push(proposed.body.id);
    }
    // 2 approved (by the approver), 3 rejected (by the admin) with reasons; no recommendation, so each rejection is an override.
    for (const id of refunds.slice(0, 2)) expect((await api("POST", `/api/v1/approvals/${id}/approve`, approver.token, { reason: "Checked the charge" })).status).toBe(200);
    const reasons = ["Duplicate refund", "Duplicate refund", "Customer already got credit"];
    for (const [i, id] of refunds.slice(2).entries()) expect((await api("POST", `/api/v1/approvals/${id}/reject`, org.admin.token, { reason: reasons[i] })).status).toBe(200);
    const fromApi = await api("GET", "/api/v1/metrics", org.admin.token);
    expect(fromApi.status).toBe(200);
    expect(fromApi.body.intents).toBe(10);

    const { page, context } = await signIn(browser, org.admin.email, TEST_PASSWORD);
    const main = page.locator("main");
    await goto(page, "/metrics");
    await metricsReady(page);
    expect(await main.getByTestId("range-7d").getAttribute("aria-current")).toBe("page");
    expect(await figure(page, "intents")).toBe(10);
    expect(await figure(page, "auto-allow-rate")).toBeCloseTo(0.3);
    expect(await figure(page, "deny-rate")).toBeCloseTo(0.2);
    expect(await figure(page, "approval-rate")).toBeCloseTo(0.5);
    expect(await figure(page, "override-rate")).toBeCloseTo(3 / 5);
    expect(await figure(page, "sla-breaches")).toBe(0);
    expect(await main.getByTestId("metric-intents-text").textContent()).toBe("10");
    expect(await main.getByTestId("metric-override-rate-text").textContent()).toBe("60%");
    expect(await main.getByTestId("metric-tta-p50").getAttribute("data-value")).not.toBe("");

    // Every chart draws SVG: bars for four, a line with its points for the override trend.
    for (const chart of ["volume", "tta", "rejections", "burden"]) {
      await main.locator(`[data-testid=chart-${chart}] svg .recharts-bar-rectangle`).first().waitFor();
      expect(await main.locator(`[data-testid=chart-${chart}] svg .recharts-bar-rectangle`).count()).toBeGreaterThan(0);
    }
    await main.locator("[data-testid=chart-override] svg .recharts-line").waitFor({ state: "attached" });
    expect(await main.locator("[data-testid=chart-override] svg .recharts-line-dot").count()).toBeGreaterThan(0);
    expect(await main.locator("[data-testid=chart-tta] svg .recharts-reference-line").count()).toBeGreaterThan(0);
    expect(await main.getByTestId("chart-tta").textContent()).toContain("p50");
    expect(await main.locator("[data-testid=chart-rejections] svg").textContent()).toContain("Duplicate refund");
    await screenshot(page, "metrics");

    // The table toggle shows the chart's numbers.
    await main.getByTestId("table-toggle-rejections").click();
    const rejectionRows = main.locator("[data-testid=table-rejections] tbody tr");
    expect(await rejectionRows.count()).toBe(2);
    expect(await rejectionRows.nth(0).textContent()).toBe("Duplicate refund2");
    expect(await rejectionRows.nth(1).textContent()).toBe("Customer already got credit1");
    await main.getByTestId("table-toggle-burden").click();
    const burden = await main.locator("[data-testid=table-burden] tbody tr").allTextContents();
    expect(burden).toEqual([`${org.admin.email}3`, `${approver.email}2`]);
    await main.getByTestId("table-toggle-volume").click();
    const volumeTotal = await main.locator("[data-testid=table-volume] td[data-column=intents]").evaluateAll((cells) =>
      cells.reduce((sum, c) => sum + Number(c.getAttribute("data-value")), 0),
    );
    expect(volumeTotal).toBe(10);

    // Each CSV download holds the same numbers.
    const [download] = await Promise.all([page.waitForEvent("download"), main.getByTestId("csv-rejections").click()]);
    expect(download.suggestedFilename()).toBe("rejection-reasons.csv");
    const csv = await readFile((await download.path()) as string, "utf8");
    expect(csv).toBe("reason,count\r\nDuplicate refund,2\r\nCustomer already got credit,1\r\n");
    const [volumeDownload] = await Promise.all([page.waitForEvent("download"), main.getByTestId("csv-volume").click()]);
    const volumeCsv = await readFile((await volumeDownload.path()) as string, "utf8");
    expect(volumeCsv.split("\r\n")[0]).toBe("bucket,bucket_start,allowed,denied,approval_required,intents");
    expect(volumeCsv).toMatch(/,3,2,5,10\r\n/);

    // Shadow rule and advice rows.
    const shadow = main.locator("[data-testid=shadow-row][data-rule-id=shadow-big-refunds]");
    expect(await shadow.getAttribute("data-would-deny")).toBe("2");
    expect(await shadow.getAttribute("data-total")).toBe("2");
    expect(await shadow.locator("[data-part=would_deny]").evaluate((e) => getComputedStyle(e).backgroundColor)).toBe("rgb(244, 63, 94)");
    const refundsRule = main.locator("[data-testid=advice-row][data-rule-id=refunds]");
    expect(await refundsRule.getAttribute("data-volume")).toBe("5");
    expect(Number(await refundsRule.getAttribute("data-approval-rate"))).toBeCloseTo(0.4);
    expect(await main.locator("[data-testid=advice-row][data-rule-id=reads]").getAttribute("data-advice")).toBe("");

    // Filters narrow the figures.
    await goto(page, "/metrics?action=payment.refund");
    await metricsReady(page);
    expect(await figure(page, "intents")).toBe(5);
    expect(await figure(page, "approval-rate")).toBe(1);
    await goto(page, "/metrics?environment=staging&range=24h");
    await metricsReady(page);
    expect(await figure(page, "intents")).toBe(2);
    expect(await figure(page, "deny-rate")).toBe(1);

    // A range with no intents says so.
    await goto(page, "/metrics?from=2020-01-01&to=2020-01-31");
    await main.getByText("No intents in this range").waitFor();
    expect(await main.getByTestId("range-custom").getAttribute("data-active")).toBe("true");

    // Review-after: the three sampled reads; one marked wrong with a note.
    await goto(page, "/reviews");
    const rows = main.locator("[data-testid=review-row]");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3);
    expect(await rows.first().textContent()).toContain("crm.read");
    expect(await rows.first().getByTestId("review-intent-link").getAttribute("href")).toMatch(/^\/intents\/.+/);
    await screenshot(page, "reviews");
    const first = rows.first();
    const reviewId = await first.getAttribute("data-review-id");
    await first.getByTestId("review-note").fill("Read a customer it had no ticket for");
    await first.getByTestId("review-wrong").click();
    await main.locator(`[data-testid=review-row][data-review-id="${reviewId}"]`).waitFor({ state: "detached" });
    expect(await rows.count()).toBe(2);
    await main.getByTestId("reviews-tab-reviewed").click();
    const reviewed = main.locator(`[data-testid=review-row][data-review-id="${reviewId}"]`);
    await reviewed.waitFor();
    expect(await reviewed.getByTestId("review-verdict").getAttribute("data-verdict")).toBe("wrong");
    expect(await reviewed.textContent()).toContain("Read a customer it had no ticket for");
    expect(await reviewed.textContent()).toContain(org.admin.email);
    await screenshot(page, "reviews-reviewed");

    // The override rate now counts the wrong review: (3 rejections + 1 wrong) / (5 resolutions + 1 review).
    await goto(page, "/metrics");
    await metricsReady(page);
    expect(await figure(page, "override-rate")).toBeCloseTo(4 / 6);
    expect(await main.getByTestId("metric-override-rate-text").textContent()).toBe("66.7%");
    expect(await main.getByTestId("reviews-summary").getAttribute("data-wrong")).toBe("1");
    const reads = main.locator("[data-testid=advice-row][data-rule-id=reads]");
    expect(await reads.getAttribute("data-advice")).toBe("tighten_candidate");
    expect(await reads.getByTestId("advice-badge").textContent()).toBe("candidate to tighten");

    await page.setViewportSize({ width: 390, height: 844 });
    await main.locator("[data-testid=chart-volume] svg .recharts-bar-rectangle").first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "metrics-phone");
    await goto(page, "/reviews");
    await rows.first().waitFor();
    await screenshot(page, "reviews-phone");
    await context.close();

    // A viewer reads the queue but gets no buttons.
    const asViewer = await signIn(browser, viewer.email, TEST_PASSWORD);
    await goto(asViewer.page, "/reviews");
    await asViewer.page.locator("main [data-testid=review-row]").first().waitFor();
    expect(await asViewer.page.locator("main [data-testid=review-readonly]").count()).toBe(2);
    expect(await asViewer.page.locator("main [data-testid=review-right]").count()).toBe(0);
    await asViewer.context.close();
  });
});
