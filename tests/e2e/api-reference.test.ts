import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PASSWORD, createTestOrg } from "../factories/org";
import { BASE_URL, launchBrowser, screenshot, signIn } from "./browser";

// The API reference page, in a real browser against the production build: public, rendered from
// the same document /api/v1/openapi.json serves, and linked from the dashboard.

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("API reference page", () => {
  it("shows every documented operation grouped by tag, with auth, parameters, body fields, responses and errors", async () => {
    const served = await fetch(new URL("/api/v1/openapi.json", BASE_URL()));
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = await served.json();

    // No session: the page is public.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: BASE_URL() });
    const page = await context.newPage();
    const res = await page.goto("/docs/api");
    expect(res?.status()).toBe(200);
    expect(page.url()).toMatch(/\/docs\/api$/);

    // One card per documented operation, under its tag.
    const ids = Object.values(doc.paths).flatMap((item: any) => Object.values(item).map((op: any) => op.operationId));
    expect(await page.locator("[data-operation]").count()).toBe(ids.length);
    for (const tag of doc.tags.map((t: { name: string }) => t.name)) await page.getByTestId(`tag-${tag}`).waitFor();

    // POST /api/v1/intents: agent key, the Idempotency-Key header, the body's fields, 201/200 and its errors.
    const propose = page.locator("#proposeIntent");
    expect(await propose.getByTestId("operation-path").textContent()).toBe("/api/v1/intents");
    expect(await propose.getByTestId("operation-auth").textContent()).toContain("agent key");
    expect(await propose.getByTestId("parameters").locator("[data-field='Idempotency-Key (header)']").count()).toBe(1);
    const body = propose.getByTestId("request-body");
    for (const field of ["action", "stage", "payload", "lease_id", "context"]) expect(await body.locator(`[data-field=${field}]`).count(), field).toBe(1);
    expect(await body.locator("[data-field=action]").textContent()).toContain("*"); // required
    expect(await body.locator("[data-field=stage]").textContent()).toContain("create | run | resume | renew | publish");
    expect(await propose.getByTestId("responses").textContent()).toMatch(/201.*Intent/);
    const errors = await propose.getByTestId("errors").textContent();
    for (const code of ["invalid_json", "unauthorized", "forbidden", "idempotency_conflict", "payload_too_large", "validation_failed"]) {
      expect(errors, code).toContain(code);
    }

    // GET /api/v1/intents/{id}: the path id and ?wait.
    const get = page.locator("#getIntent");
    expect(await get.getByTestId("operation-path").textContent()).toBe("/api/v1/intents/{id}");
    expect(await get.getByTestId("parameters").locator("[data-field='id (path)']").count()).toBe(1);
    expect(await get.getByTestId("parameters").locator("[data-field='wait (query)']").textContent()).toContain("≤ 60");

    // POST /api/v1/approvals/{intent_id}/approve: member role, reason/note fields.
    const approve = page.locator("#approveIntent");
    expect(await approve.getByTestId("operation-auth").textContent()).toContain("role ≥ approver");
    for (const field of ["reason", "note"]) expect(await approve.getByTestId("request-body").locator(`[data-field=${field}]`).count()).toBe(1);
    expect(await approve.getByTestId("errors").textContent()).toContain("already_approved_by_user");

    // PUT /api/v1/policy: a YAML or JSON document; passkey registration: session only.
    expect(await page.locator("#putPolicy").getByTestId("request-body-type").textContent()).toMatch(/application\/yaml or application\/json: PolicyDocument/);
    expect(await page.locator("#registerPasskey").getByTestId("operation-auth").textContent()).toContain("dashboard session");
    expect(await page.locator("#createUserToken").getByTestId("operation-auth").textContent()).toBe("public");
    // Accepting an invitation: anyone, or as the signed-in member.
    expect(await page.locator("#acceptInvitation").getByTestId("operation-auth").textContent()).toMatch(/^public.*or .*session/);

    // Type names link to their schema, which lists its fields.
    await propose.getByTestId("responses").getByRole("link", { name: "Intent", exact: true }).first().click();
    expect(page.url()).toMatch(/#schema-Intent$/);
    const intent = page.getByTestId("schema-Intent");
    for (const field of ["payload_hash", "decision", "execution_token"]) expect(await intent.locator(`[data-field=${field}]`).count(), field).toBe(1);

    // The sidebar anchors lead to the cards.
    await page.locator("nav[aria-label=Operations] a[href='#executeIntent']").click();
    expect(page.url()).toMatch(/#executeIntent$/);
    expect(await page.locator("#executeIntent").getByTestId("errors").textContent()).toContain("payload_mismatch");
    await screenshot(page, "api-reference");
    await context.close();
  });

  it("is linked from the dashboard", async () => {
    const org = await createTestOrg();
    const { page, context } = await signIn(browser, org.admin.email, TEST_PASSWORD);
    await page.getByTestId("api-reference-link").click();
    await page.waitForURL("**/docs/api");
    await page.locator("#proposeIntent").waitFor();
    await context.close();
  });
});
