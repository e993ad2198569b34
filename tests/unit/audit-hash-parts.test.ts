import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../lib/canonical-json";
import { auditHashInput, auditHashParts } from "../../lib/domain/audit/append-audit-event";

// PostgreSQL finishes each audit hash from these parts while it holds the org's head row
// (auditAppendCtes); verify recomputes it from canonicalJson(auditHashInput(event)). The two
// texts must be the same bytes for any event, or an untampered chain would fail verification.

const jsonValue = fc.jsonValue();
const event = fc.record({
  at: fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }),
  actorType: fc.string(),
  actorId: fc.option(fc.string(), { nil: null }),
  type: fc.string(),
  subjectType: fc.string(),
  subjectId: fc.string(),
  data: jsonValue,
});

describe("auditHashParts", () => {
  it("reassembles, around any prev_hash and seq, into the canonical text verify hashes", () => {
    fc.assert(
      fc.property(event, fc.stringMatching(/^[0-9a-f]{64}$/), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (e, prevHash, seq) => {
        const parts = auditHashParts(e);
        const whole = canonicalJson(auditHashInput({ ...e, seq, prevHash }));
        expect(parts.prefix + prevHash + parts.middle + String(seq) + parts.suffix).toBe(whole);
      }),
      { numRuns: 500 },
    );
  });
});
