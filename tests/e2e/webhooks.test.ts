import { createHmac } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { type Receiver, startReceiver } from "../helpers/webhook-receiver";
import { api, goto, launchBrowser, reload, screenshot, signIn } from "./browser";

const POLICY = `
version: 1
default: require_approval
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: require_approval
    reason: Refunds need a human
`;

let browser: Browser;
let receiver: Receiver;
beforeAll(async () => {
  browser = await launchBrowser();
  receiver = await startReceiver();
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
});

describe("webhooks in the dashboard", () => {
  it("creates a webhook (secret shown once), shows its delivery in the log, and redelivers it", async () => {
    const org = await createTestOrg();
    const agent = await org.agent("billing-bot");
    await org.setPolicy(POLICY);
    const { page, context } = await signIn(browser, org.admin.email, TEST_PASSWORD);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await page.getByRole("heading", { name: "Webhooks" }).waitFor();
    await page.fill("[data-testid=webhook-url]", receiver.url);
    await page.click("[data-testid=create-webhook]");
    const secret = (await page.locator("[data-testid=secret-value]").textContent())!.trim();
    expect(secret).toMatch(/^whsec_[0-9A-Za-z]{43}$/);
    await screenshot(page, "webhook-created");

    // Once dismissed, the secret is nowhere: not on the page, not after a reload, not in the API.
    await page.click("[data-testid=dismiss-secret]");
    await page.locator("[data-testid=secret-callout]").waitFor({ state: "detached" });
    await reload(page);
    const row = page.locator("[data-testid=webhook-row]");
    await row.waitFor();
    expect(await row.textContent()).toContain(receiver.url);
    expect(await page.content()).not.toContain(secret);
    const listed = await api("GET", "/api/v1/webhooks", org.admin.token);
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    // An intent that needs a human: the receiver gets intent.pending, signed with that secret.
    const proposed = await api("POST", "/api/v1/intents", agent.key, { action: "payment.refund", amount: 40, currency: "USD", payload: { charge: "ch_1" } });
    expect(proposed.body.status).toBe("pending_approval");
    const [hit] = await receiver.waitForHits(1);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(hit.headers["tollgate-signature"]))!;
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${hit.body}`).digest("hex"));
    expect(JSON.parse(hit.body)).toMatchObject({ type: "intent.pending", data: { id: proposed.body.id } });

    // The delivery log shows it delivered, with its one attempt.
    await row.getByTestId("webhook-link").click();
    await page.getByRole("heading", { name: "Deliveries" }).filter({ visible: true }).waitFor();
    const delivery = page.locator('[data-testid=delivery-row][data-status=delivered][data-attempts="1"]').filter({ visible: true });
    await delivery.waitFor({ timeout: 15_000 });
    expect(await delivery.getByTestId("delivery-status-code").textContent()).toBe("HTTP 200");
    expect(await delivery.textContent()).toContain("intent.pending");
    await delivery.locator("summary", { hasText: "Attempts" }).click();
    expect(await delivery.getByTestId("attempt-row").count()).toBe(1);
    await screenshot(page, "webhook-delivery-log");

    // Redeliver: the same event goes out again, and the log shows the second attempt.
    await delivery.getByTestId("redeliver").click();
    await page.locator('[data-testid=delivery-row][data-status=delivered][data-attempts="2"]').filter({ visible: true }).waitFor({ timeout: 15_000 });
    const hits = await receiver.waitForHits(2);
    expect(hits[1].headers["tollgate-event-id"]).toBe(hit.headers["tollgate-event-id"]);
    expect(hits[1].body).toBe(hit.body);

    // Disable from the detail page: the badge says so and the API agrees.
    await page.locator("[data-testid=toggle-webhook]").filter({ visible: true }).click();
    await page.locator("[data-testid=webhook-state]", { hasText: "disabled" }).filter({ visible: true }).waitFor();
    expect((await api("GET", `/api/v1/webhooks/${listed.body.items[0].id}`, org.admin.token)).body.active).toBe(false);
    await screenshot(page, "webhook-disabled");
    await context.close();
  });

  it("is an admin page: the nav hides it from other roles and the page refuses them", async () => {
    const org = await createTestOrg();
    const approver = await org.user("approver");
    const { page, context } = await signIn(browser, approver.email, TEST_PASSWORD);
    expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).count()).toBe(0);
    await goto(page, "/webhooks");
    await page.getByText("Only admins manage webhooks").waitFor();
    expect(await page.locator("[data-testid=create-webhook-form]").count()).toBe(0);
    await context.close();
  });
});
