import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { api, goto, launchBrowser, signIn } from "./browser";

// The per-row actions of the list panels (components/ui/row-actions.tsx): each sends its request,
// refreshes the page on success and shows a refusal under the row it came from.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("row actions on the agents and members pages", () => {
  it("rotates and deletes an agent, and shows a refused role change under its member", async () => {
    const org = await createTestOrg();
    const agent = await org.agent("row-bot");
    const { page, context } = await signIn(browser, org.admin.email, TEST_PASSWORD);

    await goto(page, "/agents");
    const row = page.locator(`[data-agent-id="${agent.id}"]`);
    await row.getByTestId("rotate-agent").click();
    await row.getByTestId("rotate-agent-yes").click();
    const newKey = (await page.getByTestId("secret-value").textContent())?.trim() ?? "";
    expect(newKey).toMatch(/^tg_agent_/);
    expect((await api("GET", "/api/v1/me", agent.key)).status).toBe(401);
    expect((await api("GET", "/api/v1/me", newKey)).status).toBe(200);

    await row.getByTestId("delete-agent").click();
    await row.getByTestId("delete-agent-yes").click();
    await row.waitFor({ state: "detached" });
    expect((await api("GET", "/api/v1/me", newKey)).status).toBe(401);

    // The only admin may not step down: the refusal shows under that member's row.
    await goto(page, "/members");
    const me = page.locator(`[data-user-id="${org.admin.userId}"]`);
    await me.getByTestId("member-role").selectOption("viewer");
    await expect.poll(async () => (await me.getByTestId("member-error").textContent()) ?? "").toMatch(/admin/i);
    await context.close();
  });
});
