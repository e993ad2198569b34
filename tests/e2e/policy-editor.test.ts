import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { api, goto, launchBrowser, screenshot, signIn } from "./browser";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const GOOD = `version: 1
default: require_approval
rules:
  - id: small-refunds
    match: { action: payment.refund }
    when: { field: amount, op: lt, value: 100 }
    decision: allow
`;

describe("policy editor", () => {
  it("flags an invalid edit inline with rule and field, refuses to save it, then saves a fix as a new version", async () => {
    const org = await createTestOrg();
    await org.setPolicy(GOOD);
    const { page, context } = await signIn(browser, org.admin.email, TEST_PASSWORD);
    await goto(page, "/policy");
    // Type only into the editor once hydrated.
    const editor = page.locator("[data-testid=policy-editor][data-hydrated=true]");
    await editor.waitFor();
    expect(await editor.inputValue()).toContain("small-refunds");

    await editor.fill(GOOD.replace("op: lt", "op: less_than"));
    await page.locator("[data-testid=policy-status][data-state=invalid]").waitFor();
    const issue = page.getByTestId("policy-issue").first();
    expect(await issue.getAttribute("data-rule")).toBe("small-refunds");
    expect(await issue.getAttribute("data-field")).toContain("when");
    expect(await issue.textContent()).toContain("op");
    await screenshot(page, "policy-invalid");

    await page.getByTestId("policy-save").click();
    await page.getByTestId("policy-save-error").or(page.getByTestId("policy-save-issues")).first().waitFor();
    expect((await api("GET", "/api/v1/policy", org.admin.token)).body.version).toBe(1);

    await editor.fill(GOOD.replace("value: 100", "value: 50"));
    await page.locator("[data-testid=policy-status][data-state=valid]").waitFor();
    await page.getByTestId("policy-save").click();
    await page.getByTestId("policy-saved").waitFor();
    const saved = await api("GET", "/api/v1/policy", org.admin.token);
    expect(saved.body.version).toBe(2);
    expect(saved.body.source).toContain("value: 50");
    await context.close();
  });
});
