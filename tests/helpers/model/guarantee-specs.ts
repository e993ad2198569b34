import fc from "fast-check";
import type { Role } from "../../../lib/roles";

/**
 * The steps of a sequence, as plain data (what fast-check generates, shrinks and prints). Indices
 * (`pick`, `who`, …) are taken modulo whatever the model holds when the step runs, so any
 * generated sequence is runnable and a shrunk one stays meaningful.
 */
export type Spec =
  | { t: "propose"; agent: number; action: number; stage: number; lease: number | null; resumes: number | null }
  | { t: "approve"; who: number; pick: number; via: "token" | "session" | "stepup" | "slack"; decision: "approve" | "reject" }
  | { t: "race"; a: number; b: number; pick: number; da: "approve" | "reject"; db: "approve" | "reject" }
  | { t: "batch"; who: number; picks: number[]; decision: "approve" | "reject" }
  | { t: "role"; who: number; role: Role; by: number }
  | { t: "remove"; who: number }
  | { t: "invite"; role: Role; rejoin: number | null }
  | { t: "lease"; agent: number; caps: number; ttl: number }
  | { t: "renew"; pick: number; by: number | null; kind: "narrow" | "narrowCaps" | "widenTtl" | "widenCaps" }
  | { t: "delegate"; pick: number; caps: number; ttl: number }
  | { t: "revoke"; pick: number; by: number | null }
  | { t: "policy"; doc: number }
  | { t: "execute"; pick: number; mode: "once" | "double" | "wrongHash" | "foreign" | "any" | "leased" }
  | { t: "result"; pick: number; ok: boolean }
  | { t: "cancel"; pick: number }
  | { t: "time"; minutes: number }
  | { t: "sweep" };

export type Kind = Spec["t"];

const pick = fc.nat({ max: 63 });
const role = fc.constantFrom<Role>("viewer", "approver", "publisher", "admin");
/** `arb` with weight `yes`, null with weight `no`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, yes: number, no: number) =>
  fc.oneof({ arbitrary: fc.constant(null), weight: no }, { arbitrary: arb, weight: yes });
const decision = fc.constantFrom<"approve" | "reject">("approve", "approve", "approve", "reject");

/** Shifts: whole 5-minute steps, from a few minutes to past the 24 h default SLA. */
export const TIME_STEPS = [5, 10, 15, 30, 60, 120, 180, 1500];

const ARBS: Record<Kind, { weight: number; arb: fc.Arbitrary<Spec> }> = {
  propose: {
    weight: 12,
    arb: fc.record({
      t: fc.constant("propose" as const),
      agent: fc.nat({ max: 1 }),
      action: fc.nat({ max: 63 }),
      stage: fc.nat({ max: 63 }),
      lease: sometimes(pick, 1, 1),
      resumes: sometimes(pick, 1, 6),
    }),
  },
  approve: {
    weight: 12,
    arb: fc.record({
      t: fc.constant("approve" as const),
      who: pick,
      pick,
      via: fc.constantFrom<"token" | "session" | "stepup" | "slack">("token", "token", "session", "stepup", "stepup", "slack"),
      decision,
    }),
  },
  race: { weight: 2, arb: fc.record({ t: fc.constant("race" as const), a: pick, b: pick, pick, da: decision, db: decision }) },
  batch: { weight: 1.5, arb: fc.record({ t: fc.constant("batch" as const), who: pick, picks: fc.array(pick, { minLength: 1, maxLength: 4 }), decision }) },
  role: { weight: 3, arb: fc.record({ t: fc.constant("role" as const), who: pick, role, by: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: pick, weight: 1 }) }) },
  remove: { weight: 1, arb: fc.record({ t: fc.constant("remove" as const), who: pick }) },
  invite: { weight: 1, arb: fc.record({ t: fc.constant("invite" as const), role, rejoin: sometimes(pick, 1, 1) }) },
  lease: { weight: 3, arb: fc.record({ t: fc.constant("lease" as const), agent: fc.nat({ max: 1 }), caps: fc.nat({ max: 63 }), ttl: fc.nat({ max: 63 }) }) },
  renew: {
    weight: 3,
    arb: fc.record({
      t: fc.constant("renew" as const),
      pick,
      by: sometimes(pick, 1, 1),
      kind: fc.constantFrom<"narrow" | "narrowCaps" | "widenTtl" | "widenCaps">("narrow", "narrowCaps", "widenTtl", "widenCaps"),
    }),
  },
  delegate: { weight: 1.5, arb: fc.record({ t: fc.constant("delegate" as const), pick, caps: fc.nat({ max: 63 }), ttl: fc.nat({ max: 63 }) }) },
  revoke: { weight: 1.5, arb: fc.record({ t: fc.constant("revoke" as const), pick, by: sometimes(pick, 1, 1) }) },
  policy: { weight: 2, arb: fc.record({ t: fc.constant("policy" as const), doc: fc.nat({ max: 2 }) }) },
  execute: {
    weight: 7,
    arb: fc.record({
      t: fc.constant("execute" as const),
      pick,
      // "leased": one staged under a lease, the attack of pre-staging intents and executing them after the lease died.
      mode: fc.constantFrom<"once" | "double" | "wrongHash" | "foreign" | "any" | "leased">("once", "once", "once", "double", "double", "wrongHash", "foreign", "any", "leased", "leased"),
    }),
  },
  result: { weight: 2, arb: fc.record({ t: fc.constant("result" as const), pick, ok: fc.boolean() }) },
  cancel: { weight: 1, arb: fc.record({ t: fc.constant("cancel" as const), pick }) },
  time: { weight: 3, arb: fc.record({ t: fc.constant("time" as const), minutes: fc.constantFrom(...TIME_STEPS) }) },
  sweep: { weight: 1.5, arb: fc.constant({ t: "sweep" as const }) },
};

/** One step, weighted; `without` drops kinds (GUARANTEE_WITHOUT, to hunt one class with another out of the way). */
export function specArbitrary(without: Set<string>): fc.Arbitrary<Spec> {
  const chosen = (Object.keys(ARBS) as Kind[]).filter((k) => !without.has(k));
  return fc.oneof(...chosen.map((k) => ({ arbitrary: ARBS[k].arb, weight: Math.round(ARBS[k].weight * 2) })));
}

/** A spec as one short line, for fast-check's counterexample print-out. */
export function describeSpec(s: Spec): string {
  const { t, ...rest } = s;
  return `${t}(${Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ")})`;
}

type Items = fc.Value<Spec>[];

/**
 * Sequences of `min`..`max` steps that shrink below `min`: fc.commands draws its length uniformly
 * from 0..max (half the sequences would be short), and fc.array(minLength) cannot shrink under
 * its minimum, which would keep 30 irrelevant steps in every counterexample. Shrinking removes
 * halves, quarters, … down to single steps, then shrinks steps one by one; it is structural (it
 * does not depend on what ran), so fast-check's `path` replays it exactly.
 */
export class SequenceArbitrary extends fc.Arbitrary<Spec[]> {
  constructor(
    private readonly step: fc.Arbitrary<Spec>,
    private readonly min: number,
    private readonly max: number,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Spec[]> {
    const length = mrng.nextInt(this.min, this.max);
    const items: Items = Array.from({ length }, () => this.step.generate(mrng, biasFactor));
    return this.wrap(items);
  }

  canShrinkWithoutContext(_value: unknown): _value is Spec[] {
    return false;
  }

  shrink(_value: Spec[], context: unknown): fc.Stream<fc.Value<Spec[]>> {
    const items = context as Items | undefined;
    if (!items || items.length === 0) return fc.Stream.nil();
    return new fc.Stream(this.shrinks(items));
  }

  private *shrinks(items: Items): IterableIterator<fc.Value<Spec[]>> {
    for (let size = Math.max(1, Math.floor(items.length / 2)); ; size = Math.max(1, Math.floor(size / 2))) {
      for (let start = 0; start < items.length; start += size) {
        yield this.wrap([...items.slice(0, start), ...items.slice(start + size)]);
      }
      if (size === 1) break;
    }
    for (let idx = 0; idx < items.length; idx++) {
      for (const smaller of this.step.shrink(items[idx].value_, items[idx].context)) {
        yield this.wrap([...items.slice(0, idx), smaller, ...items.slice(idx + 1)]);
      }
    }
  }

  private wrap(items: Items): fc.Value<Spec[]> {
    const specs = items.map((item) => item.value_);
    Object.defineProperty(specs, fc.toStringMethod, { value: () => `[\n  ${specs.map(describeSpec).join(",\n  ")}\n]`, enumerable: false });
    return new fc.Value(specs, items);
  }
}
