import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { api, goto, launchBrowser, screenshot, signIn } from "./browser";

const POLICY = `
version: 1
default: require_approval
rules:
  - id: crm-writes
    match: { action: "crm.*" }
    decision: require_approval
    reason: CRM writes need a human
`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("a lease in the dashboard", () => {
  it("is requested, approved, used, renewed and revoked", async () => {
    const org = await createTestOrg();
    const agent = await org.agent("crm-bot");
    await org.setPolicy(POLICY);
    const requested = await api("POST", "/api/v1/leases", agent.key, {
      capabilities: ["crm.update"],
      destinations: ["*.crm.example.com"],
      spend_limit: { amount: 100, currency: "USD", window: "24h" },
      ttl: "8h",
      purpose: "Clean up duplicate contacts",
    });
    expect(requested.status).toBe(201);
    const leaseId = requested.body.id as string;

    // The request is a create-stage item showing exactly the scope being granted.
    const { page, context } = await signIn(browser, org.admin.email, TEST_PASSWORD);
    const card = page.locator(`[data-testid=queue-card][data-intent-id="${requested.body.request_intent_id}"]`);
    await card.waitFor();
    const scope = await card.getByTestId("lease-scope").textContent();
    for (const text of ["crm.update", "*.crm.example.com", "100 USD per 24h", "8h", "Clean up duplicate contacts"]) expect(scope).toContain(text);
    await screenshot(page, "lease-request");
    await card.getByRole("link").first().click();
    await page.fill("textarea[name=reason]", "Scope is narrow enough");
    await page.getByRole("button", { name: /Approve/ }).click();
    await page.locator("[data-testid=status]", { hasText: /^approved$/ }).waitFor();
    expect((await api("GET", `/api/v1/leases/${leaseId}`, agent.key)).body.status).toBe("active");

    // Used: a run-stage write the policy would gate goes through inside the lease.
    const used = await api("POST", "/api/v1/intents", agent.key, {
      action: "crm.update",
      destination: "eu.crm.example.com",
      amount: 30,
      currency: "USD",
      lease_id: leaseId,
      payload: { contact: 7, merge_into: 9 },
    });
    expect(used.body).toMatchObject({ status: "allowed", decision: { reason_code: "within_lease" } });

    // Renewed: the agent asks for more time; the renewal is its own approval in the queue.
    const renewal = await api("POST", `/api/v1/leases/${leaseId}/renew`, agent.key, { ttl: "2d", reason: "More duplicates than expected" });
    expect(renewal.status).toBe(202);
    await goto(page, "/approvals");
    const renewCard = page.locator(`[data-testid=queue-card][data-intent-id="${renewal.body.renewal.renewal_intent_id}"]`);
    // Wait for hydration (the live stream connects) so the card is the settled one.
    await page.waitForSelector("[data-testid=live][data-connected=true]");
    await renewCard.waitFor();
    expect(await renewCard.getByTestId("scope-change").textContent()).toContain("→ 2d");
    await renewCard.getByRole("link").first().click();
    await page.fill("textarea[name=reason]", "Progress is visible, extend");
    await page.getByRole("button", { name: /Approve/ }).click();
    await page.locator("[data-testid=status]", { hasText: /^approved$/ }).waitFor();
    expect((await api("GET", `/api/v1/leases/${leaseId}`, agent.key)).body.ttl).toBe("2d");

    // The ceremony page shows the window's usage; revoking takes effect at once.
    await goto(page, `/leases/${leaseId}`);
    expect(await page.getByTestId("lease-usage").textContent()).toContain("30 of 100 USD");
    await screenshot(page, "lease-ceremony");
    await page.fill("input[aria-label='Lease reason']", "Cleanup finished");
    await page.getByRole("button", { name: "Revoke now" }).click();
    await page.getByTestId("lease-status").filter({ hasText: "revoked" }).waitFor();
    const after = await api("POST", "/api/v1/intents", agent.key, { action: "crm.update", destination: "eu.crm.example.com", lease_id: leaseId, payload: {} });
    expect(after.body.status).toBe("denied");
    expect(after.body.decision.reason_code).toBe("lease_revoked");
    await context.close();
  });
});
