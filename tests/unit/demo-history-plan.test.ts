import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { UserPrincipal } from "../../lib/auth/principal";
import { compilePolicy, parsePolicy, policySnapshot } from "../../lib/policy";
import { HISTORY_AGENTS, OPS_AGENT } from "../../scripts/seed/agents";
import type { HistoryStore } from "../../scripts/seed/history-store";
import { milestones, planHistory } from "../../scripts/seed/plan-history";
import { trialPolicy } from "../../scripts/seed/trial-policy";

// The demo history is planned from a seeded PRNG: the same org, seed and moment give the same
// history (the webhook's sealed secret aside, which is random by design).

process.env.TOLLGATE_SECRET ||= "unit-test-secret-unit-test-secret-unit-test";
const DEMO_POLICY = readFileSync(path.resolve(import.meta.dirname, "../../prisma/demo-policy.yaml"), "utf8");

function version(text: string) {
  const parsed = parsePolicy(text, "yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return { snapshot: policySnapshot(parsed.document), compiled: compilePolicy(parsed.document) };
}

const user = (userId: string, role: UserPrincipal["role"]): UserPrincipal => ({ kind: "user", orgId: "org_demo", userId, role, via: "token" });

function plan(seed: number): HistoryStore {
  const agents = [{ plan: OPS_AGENT, ref: { id: "agt_ops", name: "ops-agent" } }, ...HISTORY_AGENTS.map((p) => ({ plan: p, ref: { id: `agt_${p.name}`, name: p.name } }))];
  return planHistory({
    orgId: "org_demo",
    seed,
    times: milestones(Date.parse("2026-03-02T12:00:00Z")),
    admin: user("usr_admin", "admin"),
    reviewers: [user("usr_alice", "approver"), user("usr_bob", "approver"), user("usr_pat", "publisher")],
    agents,
    leaseAgent: agents[1].ref,
    policies: { before: version(DEMO_POLICY), trial: version(trialPolicy(DEMO_POLICY)) },
  });
}

const comparable = (store: HistoryStore) => JSON.stringify({ ...store, webhooks: store.webhooks.map(({ secret_encrypted, ...rest }) => rest) });

describe("the demo history plan", () => {
  it("is the same for the same org, seed and moment, and another for another seed", () => {
    const first = plan(7);
    expect(comparable(plan(7))).toBe(comparable(first));
    expect(comparable(plan(8))).not.toBe(comparable(first));
    expect(first.intents.length).toBeGreaterThan(2500);
    // Three whole 30-day plans take about 4.5 s alone and more beside other suites; speed is
    // npm run bench:seed's business, not this test's, so its timeout is generous.
  }, 60_000);

  it("keeps the trial policy valid and adds only non-gating rules", () => {
    const trial = parsePolicy(trialPolicy(DEMO_POLICY), "yaml");
    expect(trial.ok).toBe(true);
    if (!trial.ok) return;
    const before = (parsePolicy(DEMO_POLICY, "yaml") as { ok: true; document: typeof trial.document }).document;
    const added = trial.document.rules.filter((rule) => !before.rules.some((old) => old.id === rule.id));
    expect(added.map((rule) => rule.mode)).toEqual(["shadow", "shadow"]);
    const changed = trial.document.rules.filter((rule) => before.rules.some((old) => old.id === rule.id && JSON.stringify(old) !== JSON.stringify(rule)));
    expect(changed.map((rule) => [rule.id, rule.sample])).toEqual([["small-refunds", 0.1]]);
  });
});
