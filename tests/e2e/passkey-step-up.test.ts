import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { api, goto, launchBrowser, screenshot, settled, signIn } from "./browser";

const POLICY = `
version: 1
default: require_approval
rules:
  - id: public-posts
    match: { action: social.post }
    decision: require_approval
    reason: Public posts are irreversible
`;

/** A platform authenticator with user verification, simulated by Chrome through the DevTools protocol. */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: { protocol: "ctap2", transport: "internal", hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("passkey step-up", () => {
  it("registers a passkey, approves a publish-stage intent with it, and refuses a replay", async () => {
    const org = await createTestOrg();
    const agent = await org.agent("social-bot");
    await org.setPolicy(POLICY);
    const publisher = await org.user("publisher");
    const post = (text: string) => ({ action: "social.post", stage: "publish", destination: "twitter.com", payload: { text } });
    const first = (await api("POST", "/api/v1/intents", agent.key, post("We shipped passkeys"))).body;
    expect(first.decision).toMatchObject({ step_up_required: true, approver_role: "publisher" });

    // A token alone can never resolve a step-up item.
    const byToken = await api("POST", `/api/v1/approvals/${first.id}/approve`, publisher.token, { reason: "via API" });
    expect(byToken.status).toBe(403);
    expect(byToken.body.error.code).toBe("step_up_required");

    const { page, context } = await signIn(browser, publisher.email, TEST_PASSWORD);
    await addVirtualAuthenticator(page);

    // Without a passkey the approval asks for one and points to Settings.
    await goto(page, `/approvals/${first.id}`);
    await page.fill("textarea[name=reason]", "Copy approved by marketing");
    await page.getByRole("button", { name: /Approve with passkey/ }).click();
    await page.getByTestId("register-passkey-prompt").waitFor();

    // The first passkey needs the password again (issue 14): without it nothing is registered.
    await goto(page, "/settings");
    await page.fill("input[aria-label='Passkey name']", "Work laptop");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByText("Enter your password to add your first passkey.").waitFor();
    await page.fill("input[aria-label='Current password']", "not the password");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByText("That password is not correct").waitFor();
    expect(await page.getByTestId("passkey-row").count()).toBe(0);
    await page.fill("input[aria-label='Current password']", TEST_PASSWORD);
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByTestId("passkey-row").filter({ hasText: "Work laptop" }).waitFor();
    expect(await page.getByTestId("passkey-last-used").textContent()).toBe("never used");
    await page.getByTestId("recent-passkey-notice").waitFor();
    // With a passkey, the next one is confirmed with it: the password field is gone.
    expect(await page.locator("input[aria-label='Current password']").count()).toBe(0);
    const registered = await api("GET", "/api/v1/audit?type=passkey.registered", org.admin.token);
    expect(registered.body.items.some((e: { actor: { id: string } }) => e.actor.id === publisher.userId)).toBe(true);

    // Approve with the passkey; keep the exact request body to replay it later.
    let approveBody: string | null = null;
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith(`/approvals/${first.id}/approve`)) approveBody = request.postData();
    });
    await goto(page, `/approvals/${first.id}`);
    await page.fill("textarea[name=reason]", "Copy approved by marketing");
    await page.getByRole("button", { name: /Approve with passkey/ }).click();
    await page.locator("[data-testid=status]", { hasText: /^approved$/ }).waitFor();
    await screenshot(page, "step-up-approved");
    const approved = await api("GET", `/api/v1/intents/${first.id}`, agent.key);
    expect(approved.body.status).toBe("approved");
    expect(approveBody).toContain('"step_up"');

    const audit = await api("GET", "/api/v1/audit?type=intent.approved", org.admin.token);
    const event = audit.body.items.find((e: { subject: { id: string } }) => e.subject.id === first.id);
    expect(event.data.step_up_credential_id).toEqual(expect.any(String));

    // Replaying that assertion — on a new publish intent — is refused: its challenge is spent.
    const second = (await api("POST", "/api/v1/intents", agent.key, post("A second post"))).body;
    const replay = await page.evaluate(
      async ({ id, body }) => {
        const res = await fetch(`/api/v1/approvals/${id}/approve`, { method: "POST", headers: { "content-type": "application/json" }, body });
        return { status: res.status, body: await res.json() };
      },
      { id: second.id, body: approveBody as unknown as string },
    );
    expect(replay.status).toBe(403);
    expect(replay.body.error).toMatchObject({ code: "step_up_required", details: { reason: "replayed_or_unknown" } });
    expect((await api("GET", `/api/v1/intents/${second.id}`, agent.key)).body.status).toBe("pending_approval");

    await goto(page, "/settings");
    expect(await page.getByTestId("passkey-last-used").textContent()).toContain("last used");
    await context.close();
  });

  it("signs in with a passkey instead of a password", async () => {
    const org = await createTestOrg();
    const user = await org.user("approver");
    const { page, context } = await signIn(browser, user.email, TEST_PASSWORD);
    await addVirtualAuthenticator(page);
    await goto(page, "/settings");
    await page.fill("input[aria-label='Passkey name']", "Phone");
    await page.fill("input[aria-label='Current password']", TEST_PASSWORD);
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await page.getByTestId("passkey-row").waitFor();

    await context.clearCookies();
    await page.goto("/login");
    await page.getByTestId("passkey-login").click();
    await page.waitForURL("**/approvals");
    await settled(page);
    await page.getByRole("heading", { name: "Approval queue" }).waitFor();
    await context.close();
  });
});
