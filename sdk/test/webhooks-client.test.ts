import { describe, expect, it } from "vitest";
import { apiError, clientWith, json } from "./fake-fetch.ts";

// The webhook routes are being built on another branch; these pin the SDK to the contract's paths and bodies.
describe("webhooks client", () => {
  it("calls each webhook route with the contract's method, path and body", async () => {
    const { client, calls } = clientWith(() => json({ id: "whk_1", url: "https://example.com/hook", events: ["intent.pending"], created_at: "2025-01-01T00:00:00Z" }), { token: "tg_user_admin" });
    await client.webhooks.create({ url: "https://example.com/hook", events: ["intent.pending", "intent.resolved"], secret: "whsec_x" });
    await client.webhooks.list({ limit: 10 });
    await client.webhooks.get("whk_1");
    await client.webhooks.update("whk_1", { events: ["lease.expiring_soon"] });
    await client.webhooks.delete("whk_1");
    await client.webhooks.rotateSecret("whk_1");
    await client.webhooks.deliveries("whk_1", { cursor: "c1" });
    await client.webhooks.redeliver("whk_1", "dlv_9");
    expect(calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
      "POST /api/v1/webhooks",
      "GET /api/v1/webhooks?limit=10",
      "GET /api/v1/webhooks/whk_1",
      "PATCH /api/v1/webhooks/whk_1",
      "DELETE /api/v1/webhooks/whk_1",
      "POST /api/v1/webhooks/whk_1/rotate-secret",
      "GET /api/v1/webhooks/whk_1/deliveries?cursor=c1",
      "POST /api/v1/webhooks/whk_1/deliveries/dlv_9/redeliver",
    ]);
    expect(JSON.parse(calls[0].body!)).toEqual({ url: "https://example.com/hook", events: ["intent.pending", "intent.resolved"], secret: "whsec_x" });
    expect(JSON.parse(calls[3].body!)).toEqual({ events: ["lease.expiring_soon"] });
    expect(calls.every((c) => c.headers.authorization === "Bearer tg_user_admin")).toBe(true);
  });

  it("walks every delivery page", async () => {
    const { client } = clientWith((call) =>
      call.url.searchParams.get("cursor") === "p2"
        ? json({ items: [{ id: "dlv_3" }], next_cursor: null })
        : json({ items: [{ id: "dlv_1" }, { id: "dlv_2" }], next_cursor: "p2" }),
    );
    const ids = [];
    for await (const d of client.webhooks.deliveriesAll("whk_1")) ids.push(d.id);
    expect(ids).toEqual(["dlv_1", "dlv_2", "dlv_3"]);
  });

  it("maps a refusal like any other route", async () => {
    const { client } = clientWith(() => apiError(403, "forbidden", "Requires the admin role or higher"));
    await expect(client.webhooks.create({ url: "https://example.com", events: ["intent.pending"] })).rejects.toMatchObject({ status: 403, code: "forbidden" });
  });
});
