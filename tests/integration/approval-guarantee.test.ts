/**
 * Issue 14, "what it must show" 2: the approval guarantee, model-based.
 *
 * THE PROMISE. An intent reaches `executing` (or later) only if
 *   (a) the policy allowed it — and if the policy changed before execution, the current one still
 *       allows it (a human approval stands unless the current policy denies: policy_changed);
 *   (b) or a lease at least as strong as the rule's gate (as many distinct approvers, each of the
 *       rule's approver_role or more, step-up where the rule has it; a delegated lease no stronger
 *       than its parent; a widened renewal no stronger than its own approval) covered it at a
 *       run-stage proposal, and the whole lease chain was still active when it executed;
 *   (c) or enough distinct eligible humans approved that exact payload before its SLA deadline
 *       (escalated: the second SLA): still members with at least the item's (escalated) approver_role
 *       at the final approval, never the agent's owner where the rule separates duties, with a passkey
 *       step-up in a dashboard session where required — a token alone never resolves a step-up item;
 * and every execution token executes at most once; and nothing ever answers 5xx.
 *
 * THE MODEL (tests/helpers/model/). Plain data plus pure functions written from API.md alone: it
 * never calls lib/policy or a domain function to know what should happen. Three hand-written
 * policy documents (guarantee-policies.ts) flip ten actions between allow, deny and gates of every
 * kind (2 approvals, admin, step-up, separate_duties, short SLAs that deny or escalate); their
 * decisions are a separate hand-written table. Each step predicts the answer (a status, or the set
 * of refusal codes API.md allows, with the contract's execute order), sends the request to the real
 * route handler (tests/helpers/api.ts), and fails on a mismatch with a class name. After every step
 * the org's rows are read back with SQL (guarantee-check.ts) and compared with the model: the
 * status of every intent (so nothing is executing without the 200 the model justified), every
 * approval row, token use, every lease's status, scope and end, every role and the active policy.
 *
 * STEPS (guarantee-specs.ts), 44–54 per sequence (30+ of them act on something), one fresh org each (A0 admin; u1 approver, owner
 * of agent X; u2 approver; u3 publisher; u4 admin; u5 viewer; agent Y owned by A0): propose at every
 * stage, with and without a lease, resumes; approve / reject by token, dashboard session, session
 * with a soft-authenticator passkey, or a Slack modal's signed submission (guarantee-slack.ts); two resolutions racing (Promise.all: the answers must be those
 * of one serial order); batch; PATCH and DELETE /members; invitations (skipped until
 * app/api/v1/invitations/accept exists); lease request, approval, renew (narrowing, widening, by the
 * agent or a member), delegate, revoke; PUT /policy; execute (once, twice at once, wrong hash,
 * another intent's token), result, cancel; time passing (the org's stored times move back — see
 * guarantee-fixture.ts); in-process sweeper passes.
 *
 * RUNNING. Default (npm test): 210 sequences (200+ of them run 30+ steps) with the fixed seed below.
 *   GUARANTEE_RUNS=5000                  more sequences, a random seed (printed at the start and on failure)
 *   GUARANTEE_SEED=<n>                   that seed
 *   GUARANTEE_SEED=<n> GUARANTEE_PATH=<p> replay a failure straight to its shrunk counterexample
 *   GUARANTEE_WITHOUT=renew,delegate     leave step kinds out (to hunt one class with another in the way)
 *   GUARANTEE_ACTIONS=t.auto,t.one       propose only these actions (same purpose)
 *   GUARANTEE_EMBEDDED_RUNS=<n>          sequences in the `embedded` (PGlite) project (default 50)
 *   GUARANTEE_COVERAGE=1                 print how often each situation came up (waivers, refusals by code, races, …)
 * e.g. GUARANTEE_SEED=42 GUARANTEE_PATH="12:3:0" npx vitest run --project integration tests/integration/approval-guarantee.test.ts
 * A failure prints the seed, the path, the shrunk steps and what each step did and got back.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import type { Ctx } from "../helpers/model/guarantee-context";
import { invitationsExist, probeSeparateDuties } from "../helpers/model/guarantee-fixture";
import { type SequenceStats, runSequence } from "../helpers/model/guarantee-run";
import { SequenceArbitrary, type Spec, specArbitrary } from "../helpers/model/guarantee-specs";
import { sqlRows } from "../helpers/sql";

process.env.NEXTAUTH_URL = "http://localhost:3000";
delete process.env.WEBAUTHN_ORIGIN;
delete process.env.WEBAUTHN_RP_ID;

const FIXED_SEED = 20261207;
// 210: a sequence now and then runs fewer than 30 of its steps (nothing to act on early), and 200 must run 30+.
const RUNS = Number(process.env.GUARANTEE_RUNS ?? 210);
const SEED = process.env.GUARANTEE_SEED ? Number(process.env.GUARANTEE_SEED) : process.env.GUARANTEE_RUNS ? Math.floor(Math.random() * 2 ** 31) : FIXED_SEED;
const PATH = process.env.GUARANTEE_PATH || undefined;
const WITHOUT = new Set((process.env.GUARANTEE_WITHOUT ?? "").split(",").map((s) => s.trim()).filter(Boolean));
/** Steps generated per sequence; about one in seven finds nothing to act on, so 44 keeps 30+ that run. */
const MIN_STEPS = 44;
const MAX_STEPS = 54;
const MIN_RUN = 30;

let sodSupported = false;

const seconds = (all: SequenceStats[], key: "setupMs" | "stepMs" | "checkMs") => (all.reduce((n, x) => n + (x[key] ?? 0), 0) / 1000).toFixed(1);

beforeAll(async () => {
  const org = await createTestOrg();
  sodSupported = await probeSeparateDuties(org.admin.token);
  if (!sodSupported) console.warn("[approval-guarantee] PUT /policy refuses separate_duties: t.sod runs as a plain gate until it does");
  if (!invitationsExist()) console.warn("[approval-guarantee] no app/api/v1/invitations/accept route yet: invitation steps are skipped");
});

describe("issue 14 prerequisites of the model", () => {
  it("the policy engine takes separate_duties (API.md document shape)", () => {
    expect(sodSupported, "PUT /policy with `separate_duties: true` must answer 200").toBe(true);
  });

  it("POST /agents records owner_id, and the caller when none is given", async () => {
    const org = await createTestOrg();
    const approver = await org.user("approver");
    const owned = await call("POST", "/api/v1/agents", { token: org.admin.token, body: { name: "owned-bot", owner_id: approver.userId } });
    const plain = await call("POST", "/api/v1/agents", { token: org.admin.token, body: { name: "plain-bot" } });
    expect([owned.status, plain.status]).toEqual([201, 201]);
    const rows = await sqlRows<{ id: string; owner_id: string | null }>("SELECT id, owner_id FROM agents WHERE org_id = $1 ORDER BY name", org.orgId);
    expect({ owned: owned.body.owner_id, plain: plain.body.owner_id }).toEqual({ owned: approver.userId, plain: org.admin.userId });
    expect(rows).toEqual([
      { id: owned.body.id, owner_id: approver.userId },
      { id: plain.body.id, owner_id: org.admin.userId },
    ]);
  });
});

describe("the approval guarantee over random sequences", () => {
  it(`holds over random sequences of ${MIN_STEPS}–${MAX_STEPS} steps (seed ${SEED})`, async ({ task }) => {
    // The `embedded` project runs every integration suite again on PGlite, one shared session and
    // several times slower: the demo's database gets a smaller sample (GUARANTEE_EMBEDDED_RUNS).
    const runs = task.file.projectName === "embedded" ? Number(process.env.GUARANTEE_EMBEDDED_RUNS ?? 50) : RUNS;
    console.log(`[approval-guarantee] ${runs} sequences, seed ${SEED}${PATH ? `, path ${PATH}` : ""}${WITHOUT.size ? `, without ${[...WITHOUT]}` : ""}`);
    const started = Date.now();
    // Steps run per sequence, in order: the first numRuns are the generated sequences, the rest shrinks.
    const perSequence: SequenceStats[] = [];
    const tags = new Map<string, number>();
    const property = fc.asyncProperty(new SequenceArbitrary(specArbitrary(WITHOUT), MIN_STEPS, MAX_STEPS), async (specs: Spec[]) => {
      const stats: SequenceStats = { ran: 0, skipped: 0 };
      perSequence.push(stats);
      await runSequence(specs, sodSupported, stats, tags);
    });
    const result = await fc.check(property, { numRuns: runs, seed: SEED, path: PATH, endOnFailure: false });
    const generated = perSequence.slice(0, result.numRuns);
    const ran = generated.reduce((n, x) => n + x.ran, 0);
    const skipped = generated.reduce((n, x) => n + x.skipped, 0);
    const longEnough = generated.filter((x) => x.ran >= MIN_RUN).length;
    console.log(
      `[approval-guarantee] ${generated.length} sequences (${longEnough} with ${MIN_RUN}+ steps run; ${ran} steps run, ${skipped} with nothing to act on), ` +
        `${perSequence.length - generated.length} shrink runs, ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(org setup ${seconds(generated, "setupMs")} s, steps ${seconds(generated, "stepMs")} s, database checks ${seconds(generated, "checkMs")} s)`,
    );
    if (process.env.GUARANTEE_COVERAGE) {
      console.log([...tags].sort((a, b) => a[0].localeCompare(b[0])).map(([k, v]) => `  ${String(v).padStart(6)}  ${k}`).join("\n"));
    }
    if (!result.failed) {
      // The issue's floor: in npm test's default run, at least 200 sequences ran 30 or more steps.
      if (task.file.projectName !== "embedded" && !process.env.GUARANTEE_RUNS && !PATH) expect(longEnough).toBeGreaterThanOrEqual(200);
      return;
    }
    const error = result.errorInstance as (Error & { ctx?: Ctx }) | undefined;
    const lines = [
      `Approval guarantee broken: ${error?.message ?? String(result.errorInstance)}`,
      "",
      `seed ${result.seed}, path "${result.counterexamplePath}", after ${result.numRuns} sequences and ${result.numShrinks} shrinks`,
      `replay: GUARANTEE_SEED=${result.seed} GUARANTEE_PATH="${result.counterexamplePath}"${WITHOUT.size ? ` GUARANTEE_WITHOUT=${[...WITHOUT]}` : ""}${process.env.GUARANTEE_ACTIONS ? ` GUARANTEE_ACTIONS=${process.env.GUARANTEE_ACTIONS}` : ""} npx vitest run --project integration tests/integration/approval-guarantee.test.ts`,
      "",
      `shrunk steps: ${fc.stringify(result.counterexample?.[0])}`,
      "",
      "what they did:",
      ...(error?.ctx?.r.log ?? ["(no step log)"]),
    ];
    throw new Error(lines.join("\n"));
  }, 3_600_000);
});
