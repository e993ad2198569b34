import type { AuditEvent } from "@tollgate/sdk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GENESIS_HASH, auditHashInput } from "../../lib/domain/audit/append-audit-event";
import { type PendingEvent, linkAuditEvents } from "../../lib/domain/audit/chain-audit-events";
import { checkAuditChain } from "../../sdk/src/evidence";

// The sequencer links queued events in batches, each batch continuing from the head the last one
// left. However a run of events is cut into batches, the chain must be the same bytes, and it must
// be the chain the contract defines (checked by the SDK's independent checker, not by the code
// that linked it).

const pending = fc.record({
  pos: fc.bigInt({ min: 1n, max: 2n ** 62n }).map(String),
  at: fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
  actorType: fc.string(),
  actorId: fc.option(fc.string(), { nil: null }),
  type: fc.string(),
  subjectType: fc.string(),
  subjectId: fc.string(),
  data: fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown),
});

/** Links `events` from the genesis in batches of the given sizes (the last batch takes the rest). */
function linkInBatches(events: PendingEvent[], sizes: number[]) {
  let head = { seq: 0, hash: GENESIS_HASH };
  const links: ReturnType<typeof linkAuditEvents> = [];
  let at = 0;
  for (const size of [...sizes, events.length]) {
    if (at >= events.length) break;
    const batch = linkAuditEvents(head, events.slice(at, at + size));
    links.push(...batch);
    head = { seq: batch[batch.length - 1].seq, hash: batch[batch.length - 1].hash };
    at += batch.length;
  }
  return links;
}

describe("linkAuditEvents", () => {
  it("gives the same chain however the events are cut into batches, and the contract's chain", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pending, { minLength: 1, maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 7 })), async (events, sizes) => {
        const whole = linkAuditEvents({ seq: 0, hash: GENESIS_HASH }, events);
        expect(linkInBatches(events, sizes)).toEqual(whole);
        expect(whole.map((l) => l.pos)).toEqual(events.map((e) => e.pos));
        const shown = events.map((e, i) => ({ ...auditHashInput({ ...e, seq: whole[i].seq, prevHash: whole[i].prev_hash }), hash: whole[i].hash }) as AuditEvent);
        expect(await checkAuditChain(shown)).toEqual({ ok: true, events: events.length, checkpoints: 0 });
      }),
      { numRuns: 200 },
    );
  });

  it("continues a chain from its head: seq after the head's, the first link to the head's hash", () => {
    const event: PendingEvent = { pos: "9", at: new Date(0), actorType: "system", actorId: null, type: "t", subjectType: "s", subjectId: "x", data: {} };
    const head = { seq: 41, hash: "a".repeat(64) };
    const [first, second] = linkAuditEvents(head, [event, { ...event, pos: "10" }]);
    expect(first).toMatchObject({ seq: 42, prev_hash: head.hash });
    expect(second).toMatchObject({ seq: 43, prev_hash: first.hash });
    // The same event after another head is another link: a fork would show.
    expect(linkAuditEvents({ seq: 41, hash: "b".repeat(64) }, [event])[0].hash).not.toBe(first.hash);
  });
});
