import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_URL, api, launchBrowser, screenshot, settled } from "./browser";
import { linkIn, mailsTo } from "./mailbox";

// Issue 17 point 5: the hosted product's first day, in Chromium, with every mail received by a real
// SMTP server on loopback and every link followed as a person would: sign up → verify from the
// mail → sign in → create an organization → invite a teammate (emailed) → the teammate accepts from
// the mail → an agent proposes → the teammate approves from the "Approval needed" mail's link.
// On the way it checks that a link alone acts on nothing: the verification page and the item's
// page both wait for a click, and the item's page asks a stranger to sign in.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const PASSWORD = "a long founder passphrase";
const TEAMMATE_PASSWORD = "a long teammate passphrase";

describe("self-serve onboarding", () => {
  it("sign-up → verify → create org → invite → accept → approve from the emailed link", async () => {
    const tag = randomUUID().slice(0, 8);
    const founder = `founder-${tag}@example.test`;
    const teammate = `teammate-${tag}@example.test`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: BASE_URL() });
    const page = await context.newPage();

    // Sign up.
    await page.goto("/signup");
    await page.getByLabel("Email").fill(founder);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create my account" }).click();
    await page.getByText(/check your mail/i).first().waitFor();
    await screenshot(page, "onboarding-signed-up");

    // Unverified, the password is refused.
    expect((await api("POST", "/api/v1/auth/token", null, { email: founder, password: PASSWORD })).body.error.code).toBe("email_unverified");

    // Verify from the mail: the page waits for the click.
    const [verification] = await mailsTo(founder, /Verify your email/);
    await page.goto(linkIn(verification, BASE_URL()));
    await page.getByTestId("verify-email").waitFor();
    expect((await api("POST", "/api/v1/auth/token", null, { email: founder, password: PASSWORD })).body.error.code).toBe("email_unverified");
    await page.getByTestId("verify-email").click();
    await page.getByTestId("email-verified").waitFor();

    // Sign in: no organization yet, so the dashboard asks to create one.
    await page.goto("/login");
    await page.fill("input[name=email]", founder);
    await page.fill("input[name=password]", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForURL("**/organizations/new");
    await settled(page);
    await page.getByLabel("Organization name").fill(`Acme ${tag}`);
    await page.getByTestId("create-org").click();
    await page.waitForURL("**/approvals");
    await page.getByRole("heading", { name: "Approval queue" }).waitFor();
    expect(await page.getByTestId("role").textContent()).toBe("admin");

    // A token for the API steps (agent, policy), as the new admin.
    const token = (await api("POST", "/api/v1/auth/token", null, { email: founder, password: PASSWORD })).body;
    expect(token.role).toBe("admin");

    // Invite a teammate from the members page; the invitation is emailed.
    await page.goto("/members");
    await page.getByTestId("invite-email").fill(teammate);
    await page.getByTestId("invite-role").selectOption("approver");
    await page.getByTestId("invite-member").click();
    await page.getByTestId("secret-value").waitFor();
    const [invitation] = await mailsTo(teammate, /invited to Acme/);
    expect(invitation.text).toContain("as approver");

    // The teammate, in a browser of their own, accepts from the mail.
    const theirs = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: BASE_URL() });
    const mate = await theirs.newPage();
    await mate.goto(linkIn(invitation, BASE_URL()));
    await mate.getByTestId("new-password").fill(TEAMMATE_PASSWORD);
    await mate.getByTestId("new-password-again").fill(TEAMMATE_PASSWORD);
    await mate.getByTestId("create-account").click();
    await mate.waitForURL("**/approvals");
    await mate.getByRole("heading", { name: "Approval queue" }).waitFor();
    expect(await mate.getByTestId("role").textContent()).toBe("approver");

    // An agent of the new org proposes something the policy gates.
    const policy = "version: 1\ndefault: deny\nrules:\n  - id: refunds\n    match: { action: payment.refund }\n    decision: require_approval\n    sla: 1h\n";
    const saved = await fetch(`${BASE_URL()}/api/v1/policy`, { method: "PUT", headers: { authorization: `Bearer ${token.token}`, "content-type": "application/yaml" }, body: policy });
    expect(saved.status).toBe(200);
    const agent = (await api("POST", "/api/v1/agents", token.token, { name: `refund-bot-${tag}` })).body;
    const item = (await api("POST", "/api/v1/intents", agent.api_key, { action: "payment.refund", amount: 30, currency: "USD", payload: { order: "ord_1" }, rationale: "Charged twice" })).body;
    expect(item.status).toBe("pending_approval");

    // The approval request reaches the teammate; its link opens the item's page, which waits for a click.
    const [request] = await mailsTo(teammate, /Approval needed/);
    const link = linkIn(request, `${BASE_URL()}/approvals/`);
    expect(link).toBe(`${BASE_URL()}/approvals/${item.id}`);
    // Followed without a session, the link shows a sign-in page and changes nothing.
    const stranger = await browser.newContext({ baseURL: BASE_URL() });
    const lost = await stranger.newPage();
    await lost.goto(link);
    await lost.waitForURL(/\/login/);
    await stranger.close();
    expect((await api("GET", `/api/v1/intents/${item.id}`, agent.api_key)).body.status).toBe("pending_approval");

    await mate.goto(link);
    await settled(mate);
    await mate.fill("textarea[name=reason]", "Checked the duplicate charge");
    await screenshot(mate, "onboarding-approve-from-mail");
    await mate.getByRole("button", { name: /Approve/ }).click();
    await mate.locator("[data-testid=status]", { hasText: /^approved$/ }).waitFor();
    expect((await api("GET", `/api/v1/intents/${item.id}`, agent.api_key)).body.status).toBe("approved");

    // The founder owns the agent: the outcome reaches them.
    const [outcome] = await mailsTo(founder, /^Approved:/);
    expect(outcome.text).toContain(`Approved by ${teammate}`);
    await theirs.close();
    await context.close();
  });
});
