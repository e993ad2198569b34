import { expect, it } from "vitest";
import { createTestOrg } from "../factories/org";
it("probe", async () => {
  const org = await createTestOrg();
  const mod = await import("../../app/api/v1/events/route");
  const out: string[] = [];
  for (const id of ["9999999999999999999", "5"]) {
    const ac = new AbortController();
    const res = await mod.GET(new Request("http://x/api/v1/events", { headers: { authorization: `Bearer ${org.admin.token}`, "last-event-id": id }, signal: ac.signal }), { params: Promise.resolve({}) } as never);
    const reader = res.body!.getReader();
    const first = await reader.read();
    const second = await Promise.race([reader.read(), new Promise((r) => setTimeout(() => r("still open"), 1500))]);
    out.push(`${id} ${res.status} ${JSON.stringify(new TextDecoder().decode(first.value))} ${JSON.stringify(second)}`);
    ac.abort();
  }
  expect(out).toEqual([]);
});
