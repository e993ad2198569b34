import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { api, launchBrowser, reload, signIn, slowSessionReads } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("organization switcher", () => {
  it("moves a member of two organizations between their queues, with the role of each", async () => {
    const first = await createTestOrg();
    const second = await createTestOrg();
    const reviewer = await first.user("approver");
    await second.join(reviewer, "viewer");
    const secondAgent = await second.agent("other-bot");
    const pending = (await api("POST", "/api/v1/intents", secondAgent.key, { action: "deploy.release", payload: {} })).body;

    const { page, context } = await signIn(browser, reviewer.email, TEST_PASSWORD);
    // The switcher is used before the page's session has loaded (see slowSessionReads).
    await slowSessionReads(page);
    await reload(page);
    expect(await page.getByTestId("role").textContent()).toBe("approver");
    expect(await page.locator(`[data-intent-id="${pending.id}"]`).count()).toBe(0);

    await page.getByLabel("Organization").selectOption(second.orgId);
    await page.locator(`[data-intent-id="${pending.id}"]`).waitFor();
    expect(await page.getByTestId("role").textContent()).toBe("viewer");
    // As a viewer in this org there is nothing to approve with: no item can be selected for a batch (the "Assigned to me" filter stays).
    expect(await page.getByRole("checkbox", { name: /^Select / }).count()).toBe(0);
    await context.close();
  });
});
