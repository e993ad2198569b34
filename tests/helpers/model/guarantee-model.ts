import type { Role } from "../../../lib/roles";
import { DOCS, type Entry, type Timeout } from "./guarantee-policies";

/**
 * The approval-guarantee model: plain data (structuredClone-able, so a race can be tried in both
 * orders) and pure functions over it, written from API.md alone. Nothing here imports app code
 * except the Role type.
 *
 * Time is virtual: `now` is the real clock plus every "time passes" step so far (the fixture moves
 * the org's stored times back by the same amount, which is the same as moving the org's clock on).
 */

export const ROLE_ORDER: Role[] = ["viewer", "approver", "publisher", "admin"];
export const rank = (role: Role) => ROLE_ORDER.indexOf(role);
export const atLeast = (role: Role | null | undefined, min: Role) => role != null && rank(role) >= rank(min);
const maxRole = (a: Role, b: Role) => (rank(a) >= rank(b) ? a : b);
const minRole = (a: Role, b: Role) => (rank(a) <= rank(b) ? a : b);
/** Escalation raises the item "to the next role once" (approver → publisher → admin; admin stays). */
export const raise = (role: Role): Role => ROLE_ORDER[Math.min(rank(role) + 1, ROLE_ORDER.length - 1)];

export const MIN = 60_000;
/** README: DEFAULT_APPROVAL_SLA_SECONDS, the SLA of rules that name none (deny on timeout). */
export const DEFAULT_SLA_MS = Number(process.env.DEFAULT_APPROVAL_SLA_SECONDS ?? 86_400) * 1000;
/** API.md: execution tokens live 15 minutes by default (EXEC_TOKEN_TTL_SECONDS). */
export const TOKEN_TTL_MS = Number(process.env.EXEC_TOKEN_TTL_SECONDS ?? 900) * 1000;
/** README: LEASE_MAX_DEPTH, re-delegations below a human grant. */
export const MAX_DEPTH = 2;

export type Stage = "create" | "run" | "resume" | "renew" | "publish";
export type Status =
  | "allowed" | "denied" | "pending_approval" | "approved" | "rejected" | "expired" | "cancelled" | "executing" | "succeeded" | "failed";

/** What a human approval must amount to. */
export interface Gate {
  n: number;
  role: Role;
  stepUp: boolean;
  sod: boolean;
  slaMs: number;
  timeout: Timeout;
}

export type Decision = { outcome: "allow" } | { outcome: "deny"; code: string } | { outcome: "require_approval"; gate: Gate };

export interface MMember {
  key: string;
  userId: string;
  email: string;
  /** null: not a member (removed). */
  role: Role | null;
  /** Whether the token the fixture holds for them still authenticates (removal revokes it). */
  tokenAlive: boolean;
}

export interface MAgent {
  key: "X" | "Y";
  id: string;
  name: string;
  ownerUserId: string;
}

export interface MApproval {
  userId: string;
  decision: "approve" | "reject";
  stepUp: boolean;
  at: number;
}

/** How an executable intent got its authority: what the guarantee accepts as (a), (b) or (c). */
export type Authority =
  | { via: "policy"; doc: number }
  | { via: "lease"; leaseId: string; gate: Gate; doc: number }
  | { via: "human"; doc: number; approvers: string[] };

export interface MIntent {
  id: string;
  kind: "regular" | "lease_create" | "lease_renew";
  agent: "X" | "Y";
  action: string;
  stage: Stage;
  leaseId: string | null;
  resumes: string | null;
  payloadHash: string;
  createdAt: number;
  /** The document active when it was decided. */
  doc: number;
  decision: Decision;
  status: Status;
  approvals: MApproval[];
  /** When its execution token was issued (allowed at proposal, or approved). */
  executableAt: number | null;
  authority: Authority | null;
  token: string | null;
  tokenUsed: boolean;
}

export interface Strength {
  count: number;
  role: Role | null;
  stepUp: boolean;
  approvers: string[];
}

export interface MLease {
  id: string;
  agent: "X" | "Y";
  status: "pending_approval" | "active" | "revoked" | "expired";
  caps: string[];
  ttlMs: number;
  expiresAt: number | null;
  parentId: string | null;
  depth: number;
  requestIntentId: string | null;
  renewal: { intentId: string; caps: string[]; ttlMs: number } | null;
  /** The approval behind the lease itself (a delegated lease: its chain's when delegated). */
  strength: Strength | null;
}

export interface Model {
  /** Virtual time minus real time: the sum of every "time passes" step. */
  shift: number;
  doc: number;
  sodSupported: boolean;
  members: MMember[];
  agents: MAgent[];
  intents: MIntent[];
  leases: MLease[];
  /** Payload counter: every proposal's payload is unique. */
  n: number;
  invites: number;
}

export const vnow = (m: Model) => Date.now() + m.shift;
export const member = (m: Model, userId: string) => m.members.find((x) => x.userId === userId);
export const agentOf = (m: Model, key: "X" | "Y") => m.agents.find((a) => a.key === key) as MAgent;
export const lease = (m: Model, id: string | null) => (id ? m.leases.find((l) => l.id === id) : undefined);
export const intent = (m: Model, id: string | null) => (id ? m.intents.find((i) => i.id === id) : undefined);

// ---------------------------------------------------------------- decisions (the hand-written table)

function gateOf(entry: Extract<Entry, { o: "req" }>, stage: Stage): Gate {
  // API.md: step_up → "approval needs fresh WebAuthn presence (publisher+)"; publish-stage
  // approvals are step-up approvals ("publisher also resolves step-up (publish) approvals").
  const stepUp = entry.stepUp === true || stage === "publish";
  const role = entry.role ?? "approver";
  return {
    n: entry.n ?? 1,
    role: stepUp ? maxRole(role, "publisher") : role,
    stepUp,
    sod: entry.sod === true,
    slaMs: entry.slaMin ? entry.slaMin * MIN : DEFAULT_SLA_MS,
    timeout: entry.timeout ?? "deny",
  };
}

/** The document's decision for (action, stage), read from the table. */
export function decide(m: Model, doc: number, action: string, stage: Stage): Decision {
  const entry = DOCS[doc].table[action] ?? DOCS[doc].fallback;
  if (entry.o === "allow") return { outcome: "allow" };
  if (entry.o === "deny") return { outcome: "deny", code: entry.code ?? "policy_denied" };
  const gate = gateOf(entry, stage);
  if (!m.sodSupported) gate.sod = false;
  return { outcome: "require_approval", gate };
}

/** The plain one-approver gate a human-only step falls back to (lease grants, resumed runs). */
export const plainGate = (): Gate => ({ n: 1, role: "approver", stepUp: false, sod: false, slaMs: DEFAULT_SLA_MS, timeout: "deny" });

/** Lease creation / widening: always a human approval; the policy may deny it or shape the gate. */
export function leaseRequestDecision(m: Model, action: "lease.create" | "lease.renew"): Decision {
  const d = decide(m, m.doc, action, action === "lease.create" ? "create" : "renew");
  return d.outcome === "allow" ? { outcome: "require_approval", gate: plainGate() } : d;
}

// ---------------------------------------------------------------- SLA

/** Where a pending item stands at `now`: the role it needs, and whether its timeout has expired it. */
export function slaState(i: MIntent, now: number): { role: Role; expired: boolean; escalated: boolean; deadline: number } {
  const gate = (i.decision as { gate: Gate }).gate;
  const first = i.createdAt + gate.slaMs;
  if (now < first) return { role: gate.role, expired: false, escalated: false, deadline: first };
  if (gate.timeout === "deny") return { role: gate.role, expired: true, escalated: false, deadline: first };
  // escalate: raised once, with a second SLA of the same length, then it expires.
  const second = first + gate.slaMs;
  return { role: raise(gate.role), expired: now >= second, escalated: true, deadline: second };
}

/** Pending in the model and not yet past its (final) deadline. */
export const openForApproval = (i: MIntent, now: number) => i.status === "pending_approval" && !slaState(i, now).expired;

export const tokenExpired = (i: MIntent, now: number) => i.executableAt !== null && now >= i.executableAt + TOKEN_TTL_MS;

/** The statuses the database may show for an intent at `now`: lazy timeouts may not have been applied yet. */
export function possibleStatuses(i: MIntent, now: number): Status[] {
  if (i.status === "pending_approval" && slaState(i, now).expired) return ["pending_approval", "expired"];
  if ((i.status === "allowed" || i.status === "approved") && tokenExpired(i, now)) return [i.status, "expired"];
  return [i.status];
}

// ---------------------------------------------------------------- approvals

export interface Counted {
  approvers: string[];
  /** Approvals the app might wrongly count: who gave them and why they do not count. */
  excluded: { userId: string; why: string }[];
}

/** The approvals that count at `now`: distinct givers still members with the role, never the owner where separated, stepped up where required. */
export function countApprovals(m: Model, i: MIntent, now: number): Counted {
  const gate = (i.decision as { gate: Gate }).gate;
  const role = slaState(i, now).role;
  const owner = agentOf(m, i.agent).ownerUserId;
  const approvers: string[] = [];
  const excluded: Counted["excluded"] = [];
  const seen = new Set<string>();
  for (const a of i.approvals) {
    if (a.decision !== "approve" || seen.has(a.userId)) continue;
    seen.add(a.userId);
    const giver = member(m, a.userId);
    if (!giver || giver.role === null) excluded.push({ userId: a.userId, why: "removed since approving" });
    else if (!atLeast(giver.role, role)) excluded.push({ userId: a.userId, why: `now ${giver.role}, below ${role}` });
    else if (gate.sod && a.userId === owner) excluded.push({ userId: a.userId, why: "the agent's owner (separate_duties)" });
    else if (gate.stepUp && !a.stepUp) excluded.push({ userId: a.userId, why: "no step-up" });
    else approvers.push(a.userId);
  }
  return { approvers, excluded };
}

/** The strength of a completed approval: how many, the lowest role among them, all stepped up. */
export function strengthOf(m: Model, i: MIntent, approvers: string[]): Strength {
  let role: Role | null = null;
  for (const userId of approvers) {
    const r = member(m, userId)?.role ?? null;
    if (r) role = role === null ? r : minRole(role, r);
  }
  const stepUp = approvers.length > 0 && approvers.every((u) => i.approvals.some((a) => a.userId === u && a.decision === "approve" && a.stepUp));
  return { count: approvers.length, role, stepUp, approvers };
}

// ---------------------------------------------------------------- leases

/** The lease and its ancestors, leaf first. */
export function chain(m: Model, leaseId: string): MLease[] {
  const out: MLease[] = [];
  for (let l = lease(m, leaseId); l; l = lease(m, l.parentId)) out.push(l);
  return out;
}

/** Why the chain grants nothing at `now`, or null while every link is active. */
export function chainDead(m: Model, leaseId: string, now: number): "lease_revoked" | "lease_not_active" | "lease_expired" | null {
  for (const l of chain(m, leaseId)) {
    if (l.status === "revoked") return "lease_revoked";
    if (l.status === "pending_approval") return "lease_not_active";
    if (l.status === "expired" || (l.expiresAt !== null && now >= l.expiresAt)) return "lease_expired";
  }
  return null;
}

/** The weaker of two strengths, part by part. */
export function weakest(a: Strength | null, b: Strength | null): Strength | null {
  if (!a || !b) return null;
  return {
    count: Math.min(a.count, b.count),
    role: a.role && b.role ? minRole(a.role, b.role) : null,
    stepUp: a.stepUp && b.stepUp,
    approvers: [...new Set([...a.approvers, ...b.approvers])],
  };
}

/** A chain is only as strong as its weakest link ("a delegated lease carries its parent's approval strength, never more"). */
export const chainStrength = (m: Model, leaseId: string): Strength | null =>
  chain(m, leaseId).map((l) => l.strength).reduce<Strength | null>((acc, s, idx) => (idx === 0 ? s : weakest(acc, s)), null);

/** API.md: as many distinct approvers or more, each of at least the rule's approver_role, with step-up where the rule has it. */
export function covers(s: Strength | null, gate: Gate): boolean {
  if (!s || s.role === null) return false;
  return s.count >= Math.max(1, gate.n) && atLeast(s.role, gate.role) && (!gate.stepUp || s.stepUp);
}

/** Glob containment for the patterns the suite uses: exact names, "t.*" and "*". */
export function patternWithin(p: string, of: string): boolean {
  if (of === "*" || of === p) return true;
  if (of.endsWith(".*")) return p.startsWith(of.slice(0, -1));
  return false;
}
export const capsWithin = (requested: string[], current: string[]) => requested.every((p) => current.some((c) => patternWithin(p, c)));
export const actionAllowedBy = (caps: string[], action: string) => caps.some((c) => patternWithin(action, c));

// ---------------------------------------------------------------- picks

/** Leases a step should mostly act on: the live ones (odd indices reach any lease, dead ones too). */
export function pickLease(m: Model, idx: number, now: number): MLease | undefined {
  const live = m.leases.filter((l) => l.status === "active" && l.expiresAt !== null && now < l.expiresAt);
  const pool = idx % 2 === 0 && live.length ? live : m.leases;
  return pool.length ? pool[Math.floor(idx / 2) % pool.length] : undefined;
}
