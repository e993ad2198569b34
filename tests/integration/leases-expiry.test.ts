import { describe, expect, it } from "vitest";
import { sweepLeases } from "../../lib/domain/leases/sweep-leases";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { activeLease, expectDenied, getLease, leaseAudit, leaseEvents, leaveShareOfTtl, proposeUnder } from "../helpers/leases";

// The end of a lease: the last 10 % of its time (still usable, flagged once) and its expiry, seen
// by the next intent and by the sweeper. The sweeper is global and other suites share the
// database, so it always runs with the real clock; these leases have their end moved closer in SQL.

const POLICY = `
version: 1
default: require_approval
`;

async function setup() {
  const org = await createTestOrg();
  const agent = await org.agent();
  await org.setPolicy(POLICY);
  const lease = await activeLease(agent.key, org.admin.token);
  return { org, key: agent.key, admin: org.admin.token, lease };
}

const send = (key: string, leaseId: string, n: number) =>
  proposeUnder(key, leaseId, { action: "email.send", destination: "mail.example.com", amount: 5, currency: "USD", payload: { n } });

describe("expiring_soon", () => {
  it("within the last 10% of its ttl the lease still allows, turns expiring_soon and says so exactly once", async () => {
    const { org, key, admin, lease } = await setup();
    await leaveShareOfTtl(lease.id, 0.15);
    expect((await send(key, lease.id, 0)).body.status, "15% left: not yet").toBe("allowed");
    expect((await getLease(key, lease.id)).status).toBe("active");
    expect(await leaseEvents(org.orgId, "lease.expiring_soon", lease.id)).toBe(0);

    await leaveShareOfTtl(lease.id, 0.05);
    const first = await send(key, lease.id, 1);
    expect(first.body.status).toBe("allowed");
    expect(first.body.decision.reason_code).toBe("within_lease");
    expect((await getLease(key, lease.id)).status).toBe("expiring_soon");

    // More intents, some at the same moment: still allowed, still one event.
    const later = await Promise.all([2, 3, 4, 5].map((n) => send(key, lease.id, n)));
    expect(later.map((r) => r.body.status)).toEqual(["allowed", "allowed", "allowed", "allowed"]);
    await sweepLeases();
    expect(await leaseEvents(org.orgId, "lease.expiring_soon", lease.id)).toBe(1);
    const audited = await leaseAudit(admin, "lease.expiring_soon", lease.id);
    expect(audited).toHaveLength(1);
    expect(audited[0].subject).toEqual({ type: "lease", id: lease.id });
    expect((await getLease(key, lease.id)).status).toBe("expiring_soon");
  });

  it("a renewal asked for by a member while expiring_soon, once approved, makes the lease active again", async () => {
    const { key, admin, lease } = await setup();
    await leaveShareOfTtl(lease.id, 0.05);
    await send(key, lease.id, 1);
    const res = await call("POST", `/api/v1/leases/${lease.id}/renew`, { token: admin, body: { ttl: "8h" } });
    // Longer than what is left is a widening: a renew-stage item even when a member asks.
    expect(res.status).toBe(202);
    expect(res.body.status).toBe("expiring_soon");
    const approved = await call("POST", `/api/v1/approvals/${res.body.renewal.renewal_intent_id}/approve`, { token: admin, body: { reason: "one more shift" } });
    expect(approved.body.status).toBe("approved");
    const renewed = await call("GET", `/api/v1/leases/${lease.id}`, { token: key });
    expect(renewed.body.status).toBe("active");
    expect(new Date(renewed.body.expires_at).getTime()).toBeGreaterThan(Date.now() + 7.9 * 3600_000);
  });
});

describe("expiry", () => {
  it("the next intent after the end is denied lease_expired, even before any sweep", async () => {
    const { key, lease } = await setup();
    await leaveShareOfTtl(lease.id, -0.01);
    expectDenied(await send(key, lease.id, 1), "lease_expired");
  });
});

describe("sweepLeases", () => {
  it("emits lease.expiring_soon and then lease.expired once each, even with two sweeps at once", async () => {
    const { org, key, admin, lease } = await setup();
    await leaveShareOfTtl(lease.id, 0.05);
    await Promise.all([sweepLeases(), sweepLeases()]);
    await sweepLeases();
    expect((await getLease(key, lease.id)).status).toBe("expiring_soon");
    expect(await leaseEvents(org.orgId, "lease.expiring_soon", lease.id)).toBe(1);
    expect(await leaseAudit(admin, "lease.expiring_soon", lease.id)).toHaveLength(1);
    expect(await leaseEvents(org.orgId, "lease.expired", lease.id)).toBe(0);

    await leaveShareOfTtl(lease.id, -0.01);
    await Promise.all([sweepLeases(), sweepLeases()]);
    await sweepLeases();
    const expired = await getLease(key, lease.id);
    expect(expired.status).toBe("expired");
    expect(await leaseEvents(org.orgId, "lease.expired", lease.id)).toBe(1);
    expect(await leaseAudit(admin, "lease.expired", lease.id)).toHaveLength(1);
    expect(await leaseEvents(org.orgId, "lease.expiring_soon", lease.id)).toBe(1);
    expectDenied(await send(key, lease.id, 9), "lease_expired");
    const renew = await call("POST", `/api/v1/leases/${lease.id}/renew`, { token: key, body: { ttl: "1h" } });
    expect(renew.status, "an expired lease is not renewed; the agent asks for a new one").toBe(409);
  });

  it("expires a lease whose end passed without ever flagging it expiring_soon first", async () => {
    const { org, key, lease } = await setup();
    await leaveShareOfTtl(lease.id, -0.5);
    await sweepLeases();
    expect((await getLease(key, lease.id)).status).toBe("expired");
    expect(await leaseEvents(org.orgId, "lease.expired", lease.id)).toBe(1);
  });

  it("leaves leases with time to spare, pending ones and revoked ones alone", async () => {
    const { org, key, admin, lease } = await setup();
    const pending = await call("POST", "/api/v1/leases", { token: key, body: { capabilities: ["x.*"], ttl: "1h" } });
    const revoked = await activeLease(key, admin, { purpose: "to revoke" });
    await call("POST", `/api/v1/leases/${revoked.id}/revoke`, { token: key, body: {} });
    await leaveShareOfTtl(revoked.id, -0.5);
    await sweepLeases();
    expect((await getLease(key, lease.id)).status).toBe("active");
    expect((await getLease(key, pending.body.id)).status).toBe("pending_approval");
    expect((await getLease(key, revoked.id)).status).toBe("revoked");
    for (const id of [lease.id, pending.body.id, revoked.id]) {
      expect(await leaseEvents(org.orgId, "lease.expired", id)).toBe(0);
      expect(await leaseEvents(org.orgId, "lease.expiring_soon", id)).toBe(0);
    }
  });
});
