import type { AuditEvent } from "@tollgate/sdk";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH as SERVER_GENESIS, auditHash, auditHashInput } from "../../lib/domain/audit/append-audit-event";
import { GENESIS_HASH, checkAuditChain as checkChain } from "../../sdk/src/evidence";

// The SDK's own verification (the CLI's too) against chains hashed by the server's code: they must agree on
// every intact chain and find the first bad seq of every broken one.

function chain(datas: unknown[]): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prevHash = SERVER_GENESIS;
  datas.forEach((data, i) => {
    const row = {
      seq: i + 1,
      at: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
      actorType: "user",
      actorId: i % 2 ? null : `usr_${i}`,
      type: "intent.approved",
      subjectType: "intent",
      subjectId: `int_${i}`,
      data,
      prevHash,
    };
    const hash = auditHash(prevHash, auditHashInput(row));
    events.push({ ...auditHashInput(row), hash } as AuditEvent);
    prevHash = hash;
  });
  return events;
}

// Key order as PostgreSQL's jsonb returns it (shorter keys first), not as it was hashed.
const DATA = [{ zeta: 1, a: { y: [1, "two", null], b: true } }, { reason: "Väterchen ✓ 😀", amount: 0.30000000000000004 }, {}, { nested: { deep: { deeper: [] } } }];

describe("checkAuditChain (SDK and audit verify, client side)", () => {
  it("accepts an intact chain hashed by the server, with keys in any order, from an async source", async () => {
    expect(GENESIS_HASH).toBe(SERVER_GENESIS);
    const events = chain(DATA);
    expect(await checkChain(events)).toEqual({ ok: true, events: 4, checkpoints: 0 });
    const reordered = events.map((e) => JSON.parse(JSON.stringify({ hash: e.hash, data: e.data, seq: e.seq, subject: e.subject, type: e.type, actor: e.actor, at: e.at, prev_hash: e.prev_hash })));
    async function* paged() {
      yield* reordered;
    }
    expect(await checkChain(paged())).toEqual({ ok: true, events: 4, checkpoints: 0 });
    expect(await checkChain([])).toEqual({ ok: true, events: 0, checkpoints: 0 });
  });

  it("finds a changed payload, a changed field, a changed hash, a gap, a reordering and a wrong genesis", async () => {
    const cases: [string, (events: AuditEvent[]) => AuditEvent[], number, RegExp][] = [
      ["data", (e) => e.map((x) => (x.seq === 3 ? { ...x, data: { tampered: true } } : x)), 3, /contents/],
      ["actor", (e) => e.map((x) => (x.seq === 2 ? { ...x, actor: { type: "user", id: "usr_evil" } } : x)), 2, /contents/],
      ["at", (e) => e.map((x) => (x.seq === 4 ? { ...x, at: "2030-01-01T00:00:00.000Z" } : x)), 4, /contents/],
      ["hash rewritten", (e) => e.map((x) => (x.seq === 2 ? { ...x, hash: "f".repeat(64) } : x)), 2, /contents/],
      ["deleted event", (e) => e.filter((x) => x.seq !== 2), 2, /expected seq 2, found 3/],
      ["swapped events", (e) => [e[0], e[2], e[1], e[3]], 2, /expected seq 2/],
      ["not from the genesis", (e) => e.map((x) => (x.seq === 1 ? { ...x, prev_hash: "1".repeat(64) } : x)), 1, /prev_hash/],
    ];
    for (const [name, tamper, seq, problem] of cases) {
      const result = await checkChain(tamper(chain(DATA)));
      expect(result, name).toMatchObject({ ok: false, first_bad_seq: seq, events: seq - 1 });
      expect(result.ok ? "" : result.problem, name).toMatch(problem);
    }
  });

  it("an edit whose own hash was recomputed breaks the next event's link", async () => {
    const events = chain(DATA);
    const forged = chain([DATA[0], { ...DATA[1], amount: 1000 }]);
    const result = await checkChain([events[0], forged[1], events[2], events[3]]);
    expect(result).toMatchObject({ ok: false, first_bad_seq: 3, problem: expect.stringMatching(/prev_hash/) });
  });
});
