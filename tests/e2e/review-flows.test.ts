import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { api, goto, launchBrowser, screenshot, signIn } from "./browser";

const POLICY = `
version: 1
default: require_approval
rules:
  - id: two-person-sends
    match: { action: email.send }
    decision: require_approval
    approvals: 2
    reason: Bulk email needs two people
  - id: refunds
    match: { action: payment.refund }
    decision: require_approval
    reason: Refunds need a human
    sla: 1h
`;

const refund = (n: number) => ({
  action: "payment.refund",
  environment: "production",
  destination: "api.stripe.com",
  amount: 40 + n,
  currency: "USD",
  payload: { charge: `ch_${n}`, before: { refunded: 0 }, after: { refunded: 40 + n } },
  summary: { title: `Refund #${n}`, next_effect: "Money leaves the balance" },
  rationale: "Duplicate charge",
  context: { model_id: "gpt-test", agent_version: "2.1.0", confidence: 0.8 },
});

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("reviewer flows in a real browser", () => {
  it("shows a new intent live, rejects it with a reason, and the agent's long-poll returns rejected", async () => {
    const org = await createTestOrg();
    const agent = await org.agent("billing-bot");
    await org.setPolicy(POLICY);
    const { page, context } = await signIn(browser, org.admin.email, TEST_PASSWORD);
    await page.waitForSelector("[data-testid=live][data-connected=true]");
    await page.getByText("Nothing waiting for a human").waitFor();

    const proposed = await api("POST", "/api/v1/intents", agent.key, refund(1));
    expect(proposed.status).toBe(201);
    const id = proposed.body.id as string;
    // No reload: the event stream re-renders the queue.
    const card = page.locator(`[data-testid=queue-card][data-intent-id="${id}"]`);
    await card.waitFor({ timeout: 10_000 });
    expect(await card.textContent()).toContain("billing-bot");
    expect(await card.textContent()).toContain("Refunds need a human");
    await screenshot(page, "queue");

    const longPoll = api("GET", `/api/v1/intents/${id}?wait=30`, agent.key);
    await card.getByRole("link", { name: "Refund #1" }).click();
    await page.waitForSelector("[data-testid=decisions-log]");
    expect(await page.locator("[data-testid=payload-diff]").textContent()).toContain('"refunded": 41');
    await screenshot(page, "detail");

    await page.getByRole("button", { name: /Reject/ }).click();
    await page.getByText("A reason is required to reject.").waitFor();
    await page.fill("textarea[name=reason]", "Customer already got store credit");
    await page.getByRole("button", { name: /Reject/ }).click();

    const answered = await longPoll;
    expect(answered.body.status).toBe("rejected");
    expect(answered.body.execution_token).toBeUndefined();
    await page.locator("text=rejection").first().waitFor();
    await context.close();
  });

  it("approves a two-person item with two different people; the first cannot approve twice", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const [alice, bob] = [await org.user("approver"), await org.user("approver")];
    const { body: intent } = await api("POST", "/api/v1/intents", agent.key, { action: "email.send", payload: { recipients: 400 } });

    const first = await signIn(browser, alice.email, TEST_PASSWORD);
    await goto(first.page, `/approvals/${intent.id}`);
    await first.page.fill("textarea[name=reason]", "List checked");
    await first.page.getByRole("button", { name: /Approve/ }).click();
    await first.page.getByTestId("approved-by").waitFor();
    expect(await first.page.getByTestId("approved-by").textContent()).toContain(alice.email);
    expect(await first.page.getByTestId("cannot-resolve").textContent()).toContain("approved this already");

    const second = await signIn(browser, bob.email, TEST_PASSWORD);
    await goto(second.page, `/approvals/${intent.id}`);
    await second.page.fill("textarea[name=reason]", "Copy reviewed");
    await second.page.getByRole("button", { name: /Approve/ }).click();
    await second.page.locator("[data-testid=status]", { hasText: /^approved$/ }).waitFor();

    const seen = await api("GET", `/api/v1/intents/${intent.id}`, agent.key);
    expect(seen.body.status).toBe("approved");
    expect(seen.body.approvals.map((a: { user_id: string }) => a.user_id).sort()).toEqual([alice.userId, bob.userId].sort());
    expect(seen.body.execution_token).toMatch(/^tg_exec_/);
    await first.context.close();
    await second.context.close();
  });

  it("gives a viewer no way to approve, and refuses a viewer's crafted POST and a cross-site POST", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const viewer = await org.user("viewer");
    const { body: intent } = await api("POST", "/api/v1/intents", agent.key, refund(2));

    const { page, context } = await signIn(browser, viewer.email, TEST_PASSWORD);
    await goto(page, `/approvals/${intent.id}`);
    expect(await page.getByTestId("cannot-resolve").textContent()).toContain("needs the approver role");
    expect(await page.getByRole("button", { name: /Approve/ }).count()).toBe(0);

    const crafted = await page.evaluate(async (id) => {
      const res = await fetch(`/api/v1/approvals/${id}/approve`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ reason: "sneaky" }),
      });
      return { status: res.status, body: await res.json() };
    }, intent.id);
    expect(crafted.status).toBe(403);
    expect(crafted.body.error.code).toBe("forbidden");

    const admin = await signIn(browser, org.admin.email, TEST_PASSWORD);
    const crossSite = await admin.context.request.post(`/api/v1/approvals/${intent.id}/approve`, {
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      data: { reason: "forged" },
    });
    expect(crossSite.status()).toBe(403);
    const still = await api("GET", `/api/v1/intents/${intent.id}`, agent.key);
    expect(still.body.status).toBe("pending_approval");
    await context.close();
    await admin.context.close();
  });

  it("batch-approves selected low-risk items with one reason, each audited; two-person items cannot be selected", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const ids: string[] = [];
    for (const n of [3, 4, 5]) ids.push((await api("POST", "/api/v1/intents", agent.key, refund(n))).body.id);
    const twoPerson = (await api("POST", "/api/v1/intents", agent.key, { action: "email.send", payload: {} })).body.id;

    const { page, context } = await signIn(browser, org.admin.email, TEST_PASSWORD);
    await page.locator(`[data-intent-id="${twoPerson}"]`).waitFor();
    const disabled = page.locator("input[type=checkbox]:disabled");
    expect(await disabled.count()).toBe(1);
    expect(await disabled.getAttribute("aria-label")).toBe("Select email.send");
    for (const n of [3, 4, 5]) await page.getByRole("checkbox", { name: `Select Refund #${n}` }).check();
    await page.getByTestId("batch-bar").waitFor();
    await page.fill("input[aria-label='Batch reason']", "Routine duplicate-charge refunds");
    await page.getByRole("button", { name: "Approve selected" }).click();
    await page.getByText("3 resolved, 0 refused").waitFor();
    await page.locator(`[data-intent-id="${ids[0]}"]`).waitFor({ state: "detached" });

    for (const id of ids) expect((await api("GET", `/api/v1/intents/${id}`, agent.key)).body.status).toBe("approved");
    const audit = await api("GET", "/api/v1/audit?type=intent.approved&limit=200", org.admin.token);
    const approvedIds = audit.body.items.map((e: { subject: { id: string } }) => e.subject.id);
    expect(approvedIds.sort()).toEqual([...ids].sort());
    await context.close();
  });

  it("resolves from the keyboard: j/k to move, a to approve with a reason", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    await org.setPolicy(POLICY);
    const older = (await api("POST", "/api/v1/intents", agent.key, refund(6))).body.id;
    const newer = (await api("POST", "/api/v1/intents", agent.key, refund(7))).body.id;
    const { page, context } = await signIn(browser, org.admin.email, TEST_PASSWORD);
    await page.locator(`[data-intent-id="${older}"]`).waitFor();
    // Most urgent first (same SLA, so oldest first): j moves to the newer card, k back.
    await page.keyboard.press("j");
    expect(await page.locator(`[data-intent-id="${newer}"]`).getAttribute("class")).toContain("ring-2");
    await page.keyboard.press("k");
    await page.keyboard.press("a");
    await page.fill("textarea[name=reason]", "Keyboard approval");
    await page.keyboard.press("Control+Enter");
    await page.locator(`[data-intent-id="${older}"]`).waitFor({ state: "detached" });
    expect((await api("GET", `/api/v1/intents/${older}`, agent.key)).body.status).toBe("approved");
    expect((await api("GET", `/api/v1/intents/${newer}`, agent.key)).body.status).toBe("pending_approval");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, "queue-phone");
    await context.close();
  });
});
