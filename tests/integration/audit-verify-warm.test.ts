import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "../../lib/domain/audit/verify-audit-chain";
import { type TestOrg, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { auditCount, queueAuditEvents, sqlExec } from "../helpers/sql";

// A warm GET /audit/verify starts after the chunks an earlier verify digested while it walked them
// (read-audit-chain.ts: each chunk's digest comes from the statement that read its rows). These pin
// that a warm walk's digests are of whole chunks, so the next call starts from them, and that an
// edit inside a digested chunk sends the verify back to the genesis, even one whose text differs
// only by NULL against ''.

const verify = async (org: TestOrg, full = false) => (await call("GET", `/api/v1/audit/verify${full ? "?full=true" : ""}`, { token: org.admin.token })).body;

const addEvents = (org: TestOrg, n: number) => queueAuditEvents(org.orgId, n);

const chunkEnd = (events: number) => Math.floor(events / 1000) * 1000;

describe("GET /audit/verify, warm", () => {
  it("continues from the chunks a warm walk digested (the next warm call starts where it ended); an edit in one is caught", async () => {
    const o = await createTestOrg();
    await addEvents(o, 7_500);
    const first = await auditCount(o.orgId);
    expect(await verify(o, true)).toMatchObject({ ok: true, events: first, verified_from: 0 });

    await addEvents(o, 5_100);
    const second = await auditCount(o.orgId);
    expect(await verify(o)).toMatchObject({ ok: true, events: second, verified_from: chunkEnd(first) });
    expect(await verify(o)).toMatchObject({ ok: true, events: second, verified_from: chunkEnd(second) });

    // In a chunk only the warm walk read; the stored hash left as it was.
    const edited = chunkEnd(first) + 1_500;
    await sqlExec(`UPDATE audit_events SET data = '{"k": "edited"}' WHERE org_id = $1 AND seq = $2`, o.orgId, edited);
    expect(await verify(o)).toEqual({ ok: false, first_bad_seq: edited, events: edited - 1, reason: "hash_mismatch" });
  });

  it("shares one running verification among callers of the same org and mode, and starts a new one once it is done", async () => {
    const o = await createTestOrg();
    await addEvents(o, 1_200);
    const first = verifyAuditChain(o.ctx, { full: true });
    const second = verifyAuditChain(o.ctx, { full: true });
    expect(second).toBe(first);
    // Another mode, or another org, is a verification of its own.
    const warm = verifyAuditChain(o.ctx);
    expect(warm).not.toBe(first);
    const other = await createTestOrg();
    const otherOrg = verifyAuditChain(other.ctx, { full: true });
    expect(otherOrg).not.toBe(first);
    const events = await auditCount(o.orgId);
    expect(await first).toMatchObject({ ok: true, events, verified_from: 0 });
    expect(await warm).toMatchObject({ ok: true, events });
    expect(await otherOrg).toMatchObject({ ok: true });
    const again = verifyAuditChain(o.ctx, { full: true });
    expect(again).not.toBe(first);
    expect(await again).toMatchObject({ ok: true, events, verified_from: 0 });
  });

  it("tells NULL from '' in a digested chunk", async () => {
    const o = await createTestOrg();
    await addEvents(o, 2_100);
    expect(await verify(o, true)).toMatchObject({ ok: true, verified_from: 0 });
    expect(await verify(o)).toMatchObject({ ok: true, verified_from: 2_000 });

    expect(await sqlExec("UPDATE audit_events SET actor_id = '' WHERE org_id = $1 AND seq = 1200 AND actor_id IS NULL", o.orgId)).toBe(1);
    expect(await verify(o)).toEqual({ ok: false, first_bad_seq: 1200, events: 1199, reason: "hash_mismatch" });
  });
});
