import type { Role } from "../../../lib/roles";

/**
 * The approval-guarantee suite's policy documents, and — written separately, by hand — what each
 * one decides per action. The suite never asks lib/policy what a document means: the table below
 * is the model's reading of API.md, and the app must agree with it.
 *
 * Actions: t.auto, t.one, t.two, t.admin, t.stepup, t.sod, t.sla, t.esc, t.deny, t.other (no rule,
 * the document's default), and the lease routes' own lease.create / lease.renew (lease.renew is also
 * proposed by hand: under a lease it is out of scope; without one it is an ordinary intent). No rule matches on
 * stage, so a decision is the same at every stage, except what API.md says of publish: every
 * approval at the publish stage is a step-up approval (publisher+).
 */

export type Timeout = "deny" | "escalate";

/** One row of the table: what the document decides for an action (before stage rules). */
export type Entry =
  | { o: "allow" }
  | { o: "deny"; code?: string }
  | { o: "req"; n?: number; role?: Role; stepUp?: boolean; sod?: boolean; slaMin?: number; timeout?: Timeout };

export interface PolicyDoc {
  name: string;
  yaml: string;
  table: Record<string, Entry>;
  fallback: Entry;
}

const ALL_ACTIONS = ["t.auto", "t.one", "t.two", "t.admin", "t.stepup", "t.sod", "t.sla", "t.esc", "t.deny", "t.other", "lease.renew"];
/** The actions proposals use; GUARANTEE_ACTIONS=t.auto,t.one narrows them (to hunt one class with another in the way). */
export const ACTIONS: string[] = process.env.GUARANTEE_ACTIONS ? process.env.GUARANTEE_ACTIONS.split(",").map((a) => a.trim()).filter((a) => ALL_ACTIONS.includes(a)) : ALL_ACTIONS;
export const STAGES = ["run", "run", "run", "publish", "resume", "create", "renew"] as const;

// Every duration here is a whole number of 5-minute steps, like every "time passes" step: see
// the time comment in guarantee-fixture.ts for why no boundary can then be ambiguous.

const P0 = `
version: 1
default: require_approval
rules:
  - { id: auto, match: { action: t.auto }, decision: allow }
  - { id: one, match: { action: t.one }, decision: require_approval }
  - { id: two, match: { action: t.two }, decision: require_approval, approvals: 2 }
  - { id: admin, match: { action: t.admin }, decision: require_approval, approver_role: admin }
  - { id: stepup, match: { action: t.stepup }, decision: require_approval, step_up: true }
  - id: sod
    match: { action: t.sod }
    decision: require_approval
    separate_duties: true
  - { id: sla, match: { action: t.sla }, decision: require_approval, sla: 1h, on_timeout: deny }
  - { id: esc, match: { action: t.esc }, decision: require_approval, sla: 1h, on_timeout: escalate }
  - { id: deny, match: { action: t.deny }, decision: deny, reason_code: never_automated }
`;

const P1 = `
version: 1
default: deny
rules:
  - { id: auto, match: { action: t.auto }, decision: require_approval }
  - { id: one, match: { action: t.one }, decision: allow }
  - { id: two, match: { action: t.two }, decision: deny, reason_code: two_is_off }
  - { id: admin, match: { action: t.admin }, decision: require_approval, approvals: 2, approver_role: publisher }
  - { id: stepup, match: { action: t.stepup }, decision: allow }
  - id: sod
    match: { action: t.sod }
    decision: require_approval
    approvals: 2
    separate_duties: true
  - { id: sla, match: { action: t.sla }, decision: require_approval, sla: 30m }
  - { id: esc, match: { action: t.esc }, decision: require_approval, approver_role: publisher, sla: 30m, on_timeout: escalate }
  - { id: deny, match: { action: t.deny }, decision: require_approval }
  - { id: lease-create, match: { action: lease.create }, decision: require_approval, approvals: 2 }
  - { id: lease-renew, match: { action: lease.renew }, decision: require_approval, approver_role: admin }
`;

const P2 = `
version: 1
default: allow
rules:
  - { id: auto, match: { action: t.auto }, decision: allow }
  - { id: one, match: { action: t.one }, decision: require_approval, approver_role: publisher }
  - { id: two, match: { action: t.two }, decision: require_approval, approvals: 2, step_up: true }
  - { id: admin, match: { action: t.admin }, decision: require_approval, approvals: 2, approver_role: admin }
  - { id: stepup, match: { action: t.stepup }, decision: require_approval, step_up: true, approver_role: admin }
  - id: sod
    match: { action: t.sod }
    decision: require_approval
    approver_role: publisher
    separate_duties: true
  - { id: sla, match: { action: t.sla }, decision: require_approval, sla: 2h, on_timeout: escalate }
  - { id: esc, match: { action: t.esc }, decision: require_approval, sla: 15m, on_timeout: escalate }
  - { id: deny, match: { action: t.deny }, decision: deny }
  - { id: lease-create, match: { action: lease.create }, decision: require_approval, step_up: true }
  - { id: lease-renew, match: { action: lease.renew }, decision: allow }
`;

export const DOCS: PolicyDoc[] = [
  {
    name: "P0 base",
    yaml: P0,
    fallback: { o: "req" },
    table: {
      "t.auto": { o: "allow" },
      "t.one": { o: "req" },
      "t.two": { o: "req", n: 2 },
      "t.admin": { o: "req", role: "admin" },
      "t.stepup": { o: "req", stepUp: true },
      "t.sod": { o: "req", sod: true },
      "t.sla": { o: "req", slaMin: 60, timeout: "deny" },
      "t.esc": { o: "req", slaMin: 60, timeout: "escalate" },
      "t.deny": { o: "deny", code: "never_automated" },
    },
  },
  {
    name: "P1 flipped",
    yaml: P1,
    fallback: { o: "deny", code: "policy_denied" },
    table: {
      "t.auto": { o: "req" },
      "t.one": { o: "allow" },
      "t.two": { o: "deny", code: "two_is_off" },
      "t.admin": { o: "req", n: 2, role: "publisher" },
      "t.stepup": { o: "allow" },
      "t.sod": { o: "req", n: 2, sod: true },
      "t.sla": { o: "req", slaMin: 30, timeout: "deny" },
      "t.esc": { o: "req", role: "publisher", slaMin: 30, timeout: "escalate" },
      "t.deny": { o: "req" },
      "lease.create": { o: "req", n: 2 },
      "lease.renew": { o: "req", role: "admin" },
    },
  },
  {
    name: "P2 strong",
    yaml: P2,
    fallback: { o: "allow" },
    table: {
      "t.auto": { o: "allow" },
      "t.one": { o: "req", role: "publisher" },
      "t.two": { o: "req", n: 2, stepUp: true },
      "t.admin": { o: "req", n: 2, role: "admin" },
      "t.stepup": { o: "req", stepUp: true, role: "admin" },
      "t.sod": { o: "req", role: "publisher", sod: true },
      "t.sla": { o: "req", slaMin: 120, timeout: "escalate" },
      "t.esc": { o: "req", slaMin: 15, timeout: "escalate" },
      "t.deny": { o: "deny", code: "policy_denied" },
      "lease.create": { o: "req", stepUp: true },
      "lease.renew": { o: "allow" },
    },
  },
];

/** The documents as sent, with `separate_duties` lines dropped when the engine does not take them yet. */
export function docYaml(doc: PolicyDoc, sodSupported: boolean): string {
  return sodSupported ? doc.yaml : doc.yaml.replace(/^ *separate_duties: true\n/gm, "");
}
