import fc from "fast-check";
import { stepInvite, stepPolicy, stepRemove, stepRole, stepSweep, stepTime } from "./guarantee-admin";
import { stepApprove, stepBatch, stepRace } from "./guarantee-approve";
import { checkDb } from "./guarantee-check";
import type { Ctx } from "./guarantee-context";
import { stepCancel, stepExecute, stepResult } from "./guarantee-execute";
import { createFixture } from "./guarantee-fixture";
import { stepDelegate, stepLease, stepRenew, stepRevoke } from "./guarantee-leases";
import type { Model } from "./guarantee-model";
import { stepPropose } from "./guarantee-propose";
import { type Spec, describeSpec } from "./guarantee-specs";

/** Runs one step against the real routes; false when it had nothing to act on (it is then skipped). */
function runStep(ctx: Ctx, s: Spec): Promise<boolean> {
  switch (s.t) {
    case "propose": return stepPropose(ctx, s);
    case "approve": return stepApprove(ctx, s);
    case "race": return stepRace(ctx, s);
    case "batch": return stepBatch(ctx, s);
    case "role": return stepRole(ctx, s);
    case "remove": return stepRemove(ctx, s);
    case "invite": return stepInvite(ctx, s);
    case "lease": return stepLease(ctx, s);
    case "renew": return stepRenew(ctx, s);
    case "delegate": return stepDelegate(ctx, s);
    case "revoke": return stepRevoke(ctx, s);
    case "policy": return stepPolicy(ctx, s);
    case "execute": return stepExecute(ctx, s);
    case "result": return stepResult(ctx, s);
    case "cancel": return stepCancel(ctx, s);
    case "time": return stepTime(ctx, s);
    case "sweep": return stepSweep(ctx);
  }
}

export interface SequenceStats {
  ran: number;
  skipped: number;
  /** Time spent setting up the org, in steps, and reading the database back. */
  setupMs?: number;
  stepMs?: number;
  checkMs?: number;
}

/** One step as a fast-check async command: run it, then check the database against the model. */
class StepCommand implements fc.AsyncCommand<Model, Ctx> {
  constructor(
    private readonly spec: Spec,
    private readonly stats: SequenceStats,
  ) {}
  check() {
    return true;
  }
  async run(_m: Model, ctx: Ctx) {
    ctx.step += 1;
    const t0 = performance.now();
    const ran = await runStep(ctx, this.spec);
    if (ran) this.stats.ran += 1;
    else this.stats.skipped += 1;
    const t1 = performance.now();
    await checkDb(ctx);
    this.stats.stepMs = (this.stats.stepMs ?? 0) + (t1 - t0);
    this.stats.checkMs = (this.stats.checkMs ?? 0) + (performance.now() - t1);
  }
  toString() {
    return describeSpec(this.spec);
  }
}

/** A fresh org, then the steps through fc.asyncModelRun; the context (with its step log) is returned, or attached to the error. */
export async function runSequence(specs: Spec[], sodSupported: boolean, stats: SequenceStats, tags: Map<string, number> = new Map()): Promise<Ctx> {
  const t0 = performance.now();
  const { model, real } = await createFixture(sodSupported);
  stats.setupMs = performance.now() - t0;
  const ctx: Ctx = { m: model, r: real, labels: new Map(), step: 0, tags };
  try {
    await fc.asyncModelRun(() => ({ model, real: ctx }), specs.map((s) => new StepCommand(s, stats)));
  } catch (error) {
    (error as { ctx?: Ctx }).ctx = ctx;
    throw error;
  }
  return ctx;
}
