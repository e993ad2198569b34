import { randomUUID } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { api, goto, launchBrowser, screenshot, settled, signIn, slowSessionReads } from "./browser";

// The invitation flow in the dashboard: an admin invites by email and role and is shown the link
// once; the invitee opens it, chooses a password, lands in the organization's queue and can sign
// in again later; an existing account signs in first and accepts as itself; a revoked link is dead.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const NEW_PASSWORD = "a password of my own";

describe("invitations in the dashboard", () => {
  it("invite → the link → the new person sets a password, sees the org, and signs in again; a revoked link is refused", async () => {
    const org = await createTestOrg();
    const email = `newcomer-${randomUUID().slice(0, 8)}@example.test`;
    const admin = await signIn(browser, org.admin.email, TEST_PASSWORD);
    await goto(admin.page, "/members");
    await admin.page.getByTestId("invite-email").fill(email);
    await admin.page.getByTestId("invite-role").selectOption("approver");
    await admin.page.getByTestId("invite-member").click();
    const link = ((await admin.page.getByTestId("secret-value").textContent()) ?? "").trim();
    expect(link).toMatch(/\/invite#tg_inv_[0-9A-Za-z]{43}$/);
    await admin.page.locator(`[data-testid=invitation-row][data-email="${email}"]`).waitFor();
    await screenshot(admin.page, "invitations-admin");

    // The invitee, in a browser of their own with no session.
    const invitee = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await invitee.newPage();
    await page.goto(link);
    await page.getByTestId("new-password").fill(NEW_PASSWORD);
    await page.getByTestId("new-password-again").fill(NEW_PASSWORD);
    await screenshot(page, "invitations-accept");
    await page.getByTestId("create-account").click();
    await page.waitForURL("**/approvals");
    await settled(page);
    await page.getByRole("heading", { name: "Approval queue" }).waitFor();
    expect(await page.getByTestId("role").textContent()).toBe("approver");
    await invitee.close();

    // They are a member now, and their own password signs them in.
    const members = await api("GET", "/api/v1/members", org.admin.token);
    const newcomer = members.body.items.find((m: { email: string }) => m.email === email);
    expect(newcomer).toMatchObject({ role: "approver" });
    const again = await signIn(browser, email, NEW_PASSWORD);
    expect(await again.page.getByTestId("role").textContent()).toBe("approver");
    await again.context.close();

    // The same link a second time: used.
    const reuse = await browser.newContext();
    const reused = await reuse.newPage();
    await reused.goto(link);
    await reused.getByTestId("new-password").fill(NEW_PASSWORD);
    await reused.getByTestId("new-password-again").fill(NEW_PASSWORD);
    await reused.getByTestId("create-account").click();
    await expect.poll(async () => (await reused.getByTestId("accept-error").textContent()) ?? "").toMatch(/already been used, was revoked or has expired/);
    await reuse.close();

    // The newcomer can be made the owner of an agent, picked from the members.
    await goto(admin.page, "/agents");
    await admin.page.getByTestId("agent-name").fill("owned-bot");
    await admin.page.getByTestId("agent-owner-select").selectOption(newcomer.user_id);
    await admin.page.getByTestId("create-agent").click();
    await admin.page.getByTestId("secret-value").waitFor();
    const owned = admin.page.locator("[data-testid=agent-row][data-agent-name=owned-bot]");
    await expect.poll(async () => (await owned.getByTestId("agent-owner").textContent()) ?? "").toBe(`owner ${email}`);
    const agents = await api("GET", "/api/v1/agents", org.admin.token);
    expect(agents.body.items.find((a: { name: string }) => a.name === "owned-bot").owner_id).toBe(newcomer.user_id);
    await goto(admin.page, "/members");

    // Revoke: a second invitation, revoked from the list, and its link no longer works.
    const other = `revoked-${randomUUID().slice(0, 8)}@example.test`;
    await admin.page.getByTestId("invite-email").fill(other);
    await admin.page.getByTestId("invite-member").click();
    const revokedLink = ((await admin.page.getByTestId("secret-value").textContent()) ?? "").trim();
    const row = admin.page.locator(`[data-testid=invitation-row][data-email="${other}"]`);
    await row.getByTestId("revoke-invitation").click();
    await row.getByTestId("revoke-invitation-yes").click();
    await row.waitFor({ state: "detached" });
    await admin.context.close();

    const late = await browser.newContext();
    const latePage = await late.newPage();
    await latePage.goto(revokedLink);
    await latePage.getByTestId("new-password").fill(NEW_PASSWORD);
    await latePage.getByTestId("new-password-again").fill(NEW_PASSWORD);
    await latePage.getByTestId("create-account").click();
    await expect.poll(async () => (await latePage.getByTestId("accept-error").textContent()) ?? "").toMatch(/revoked/);
    await late.close();
    expect((await api("POST", "/api/v1/auth/token", "", { email: other, password: NEW_PASSWORD })).status).toBe(401);
  });

  it("someone with an account signs in on the invitation page, accepts as themself, and lands in the new organization", async () => {
    const home = await createTestOrg();
    const reviewer = await home.user("viewer");
    const org = await createTestOrg();
    const invited = await api("POST", "/api/v1/members", org.admin.token, { email: reviewer.email, role: "publisher" });
    expect(invited.status).toBe(201);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(invited.body.accept_url);
    // Choosing a password for an existing account is refused in plain words.
    await page.getByTestId("new-password").fill("someone else's guess");
    await page.getByTestId("new-password-again").fill("someone else's guess");
    await page.getByTestId("create-account").click();
    await expect.poll(async () => (await page.getByTestId("accept-error").textContent()) ?? "").toMatch(/already has a Tollgate account/);

    // The accept button is used before the page's session has loaded (see slowSessionReads).
    await slowSessionReads(page);
    const existing = page.getByTestId("existing-account");
    await existing.locator("input[name=email]").fill(reviewer.email);
    await existing.locator("input[name=password]").fill(TEST_PASSWORD);
    await existing.locator("button[type=submit]").click();
    await page.getByTestId("accept-as-me").waitFor();
    expect(await page.getByTestId("accept-as-me").textContent()).toContain(reviewer.email);
    await page.getByTestId("accept-invitation").click();
    await page.waitForURL("**/approvals");
    await settled(page);
    await page.getByRole("heading", { name: "Approval queue" }).waitFor();
    expect(await page.getByTestId("role").textContent()).toBe("publisher");
    expect(await page.getByLabel("Organization").inputValue()).toBe(org.orgId);
    await context.close();
    // The existing password is untouched.
    expect((await api("POST", "/api/v1/auth/token", "", { email: reviewer.email, password: TEST_PASSWORD })).status).toBe(201);
  });
});
