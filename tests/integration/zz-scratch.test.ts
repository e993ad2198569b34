import { describe, expect, it } from "vitest";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { bootstrapOrg } from "../../lib/domain/orgs/bootstrap-org";

describe("scratch", () => {
  it("idem race", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    const body = { action: "x.y", payload: { a: 1 } };
    const res = await Promise.all(Array.from({ length: 10 }, () => call("POST", "/api/v1/intents", { token: agent.key, body, headers: { "idempotency-key": "k1" } })));
    console.log(res.map((r) => [r.status, r.body.id ?? r.body.error?.code]));
  });
  it("admin race", async () => {
    const org = await createTestOrg();
    const b = await org.user("admin");
    const res = await Promise.all([
      call("PATCH", `/api/v1/members/${org.admin.userId}`, { token: b.token, body: { role: "viewer" } }),
      call("PATCH", `/api/v1/members/${b.userId}`, { token: org.admin.token, body: { role: "viewer" } }),
    ]);
    console.log(res.map((r) => [r.status, r.body]));
    const res2 = await Promise.all([1,2,3].map(() => call("POST", "/api/v1/agents", { token: org.admin.token, body: { name: "same" } })));
    console.log(res2.map((r) => r.status));
    const res3 = await Promise.all([1,2,3].map((n) => call("PUT", "/api/v1/policy", { token: org.admin.token, rawBody: `version: 1\ndefault: deny\nrules: [{id: r${n}, decision: allow}]`, headers: {"content-type": "application/yaml"} })));
    console.log(res3.map((r) => [r.status, r.body]));
    const boot = await Promise.allSettled([1,2,3].map(() => bootstrapOrg({ org: "race-org", email: "race@example.test", password: "longpassword" })));
    console.log(boot.map((b) => b.status === "fulfilled" ? "ok" : (b.reason as Error).message));
  });
});
