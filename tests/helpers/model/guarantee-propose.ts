import { type ApiResponse, call } from "../api";
import { type Ctx, Violation, brief, label, log, no5xx, payloadHashOf, tag } from "./guarantee-context";
import {
  type Authority,
  type Decision,
  type Gate,
  type MIntent,
  type Model,
  type Stage,
  actionAllowedBy,
  chain,
  chainStrength,
  covers,
  decide,
  pickLease,
  intent as intentOf,
  lease as leaseOf,
  plainGate,
  possibleStatuses,
  rank,
  vnow,
} from "./guarantee-model";
import { ACTIONS, STAGES } from "./guarantee-policies";
import type { Spec } from "./guarantee-specs";

/** What POST /intents may answer; more than one when API.md leaves a choice. */
export type ProposeAlt =
  | { kind: "notFound" }
  | { kind: "denied"; codes: string[] }
  | { kind: "allowed"; authority: Authority }
  | { kind: "pending"; gate: Gate };

const STOPPED = ["rejected", "denied", "expired"];
const LEASE_ACTIONS = ["lease.create", "lease.renew"];

/** Every code a dead lease chain may be refused with (a link can be both revoked and past its end). */
export function deadCodes(m: Model, leaseId: string, now: number): string[] {
  const codes = new Set<string>();
  for (const l of chain(m, leaseId)) {
    if (l.status === "revoked") codes.add("lease_revoked");
    if (l.status === "pending_approval") {
      codes.add("lease_not_active");
      codes.add("lease_revoked");
    }
    if (l.status === "expired" || (l.expiresAt !== null && now >= l.expiresAt)) codes.add("lease_expired");
  }
  return [...codes];
}

/** API.md: a resume of a rejected, denied or expired intent "is gated by human approval again"; a policy deny stays a deny. */
function gateResume(d: Decision): Decision {
  if (d.outcome === "deny") return d;
  return { outcome: "require_approval", gate: d.outcome === "require_approval" ? { ...d.gate, n: Math.max(1, d.gate.n) } : plainGate() };
}

export function predictPropose(m: Model, now: number, agent: "X" | "Y", action: string, stage: Stage, leaseId: string | null, resumesId: string | null): ProposeAlt[] {
  const policy = decide(m, m.doc, action, stage);
  const bases: Decision[] = [];
  const alts: ProposeAlt[] = [];
  if (resumesId) {
    const original = intentOf(m, resumesId) as MIntent;
    // Another agent's run: unknown to this agent (404), or — API.md does not say — resumed under the same gate.
    if (original.agent !== agent) alts.push({ kind: "notFound" });
    if (STOPPED.includes(original.status)) bases.push(gateResume(policy));
    // Past its SLA or token TTL but not yet marked: stopped or not, depending on whether anything noticed.
    else if (possibleStatuses(original, now).some((s) => STOPPED.includes(s))) bases.push(gateResume(policy), policy);
    else bases.push(policy);
  } else bases.push(policy);

  for (const d of bases) {
    if (!leaseId) {
      alts.push(plain(d));
      continue;
    }
    const l = leaseOf(m, leaseId);
    if (!l || l.agent !== agent) return [{ kind: "notFound" }];
    const dead = deadCodes(m, leaseId, now);
    const outOfScope = LEASE_ACTIONS.includes(action) || chain(m, leaseId).some((link) => !actionAllowedBy(link.caps, action));
    // "An intent with lease_id is checked against the lease before the policy."
    if (dead.length || outOfScope) {
      alts.push({ kind: "denied", codes: [...dead, ...(outOfScope ? ["out_of_scope"] : [])] });
      continue;
    }
    if (d.outcome !== "require_approval" || stage !== "run") {
      alts.push(plain(d));
      continue;
    }
    const strength = chainStrength(m, leaseId);
    const authority: Authority = { via: "lease", leaseId, gate: d.gate, doc: m.doc };
    if (!covers(strength, d.gate)) alts.push({ kind: "pending", gate: d.gate });
    else if (!d.gate.sod) alts.push({ kind: "allowed", authority });
    else {
      // API.md is silent on separate_duties inside a lease: keeping the queue is always right; the
      // lease may stand in only if none of its approvers is the agent's owner.
      alts.push({ kind: "pending", gate: d.gate });
      const owner = m.agents.find((a) => a.key === agent)?.ownerUserId;
      if (strength && owner && !strength.approvers.includes(owner)) alts.push({ kind: "allowed", authority });
    }
  }
  return alts;

  function plain(d: Decision): ProposeAlt {
    if (d.outcome === "allow") return { kind: "allowed", authority: { via: "policy", doc: m.doc } };
    if (d.outcome === "deny") return { kind: "denied", codes: [d.code] };
    return { kind: "pending", gate: d.gate };
  }
}

/** Why the answer is not `alt` (null: it is). */
export function mismatch(alt: ProposeAlt, res: ApiResponse, m: Model, now: number, hash: string | null): string | null {
  if (alt.kind === "notFound") return res.status === 404 ? null : "expected 404";
  if (res.status !== 201) return `expected 201, got ${res.status}`;
  const b = res.body;
  if (hash && b.payload_hash !== hash) return `payload_hash ${b.payload_hash} is not sha256 of the canonical payload (${hash})`;
  const token = typeof b.execution_token === "string" && b.execution_token.startsWith("tg_exec_");
  if (alt.kind === "denied") {
    if (b.status !== "denied") return "expected denied";
    if (!alt.codes.includes(b.decision?.reason_code)) return `expected reason_code ${alt.codes.join("|")}`;
    return token ? "a denied intent carries an execution token" : null;
  }
  if (alt.kind === "allowed") return b.status === "allowed" ? (token ? null : "allowed without an execution token") : "expected allowed";
  return gateMismatch(alt.gate, b, m, now);
}

/** The decision fields of a pending intent against the gate the model expects. */
export function gateMismatch(gate: Gate, b: any, m: Model, now: number): string | null {
  if (b.status !== "pending_approval") return "expected pending_approval";
  if (b.execution_token) return "a pending intent carries an execution token";
  const d = b.decision ?? {};
  const want = { approvals_required: gate.n, approver_role: gate.role, step_up_required: gate.stepUp };
  const got = { approvals_required: d.approvals_required, approver_role: d.approver_role, step_up_required: d.step_up_required };
  if (JSON.stringify(want) !== JSON.stringify(got)) return `gate ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
  if (m.sodSupported && d.separate_duties !== undefined && d.separate_duties !== gate.sod) return `separate_duties ${d.separate_duties}, expected ${gate.sod}`;
  // sla_deadline is real time; the model's clock is real time + shift. The app stamps it during the request.
  const deadline = Date.parse(d.sla_deadline) + m.shift;
  const expected = now + gate.slaMs;
  if (!(deadline >= expected - 5_000 && deadline <= expected + 60_000)) return `sla_deadline ${d.sla_deadline}, expected ${gate.slaMs / 60_000} min from now`;
  return null;
}

function classify(alts: ProposeAlt[], res: ApiResponse, hasLease: boolean, resumes: boolean): string {
  const status = res.body?.status;
  if (res.status === 201 && alts.every((a) => a.kind === "notFound")) return "foreign-lease-used";
  if (res.status === 201 && status === "allowed" && !alts.some((a) => a.kind === "allowed")) {
    if (alts.some((a) => a.kind === "pending")) return hasLease ? "lease-waiver-too-weak" : resumes ? "resume-not-gated" : "policy-gate-ignored";
    if (alts.some((a) => a.kind === "denied" && a.codes.some((c) => c.startsWith("lease_")))) return "dead-lease-used";
    if (alts.some((a) => a.kind === "denied" && a.codes.includes("out_of_scope"))) return "lease-scope-ignored";
    return "policy-deny-ignored";
  }
  if (res.status === 201 && status === "pending_approval") {
    const d = res.body.decision ?? {};
    for (const alt of alts) {
      if (alt.kind !== "pending") continue;
      const weaker = d.approvals_required < alt.gate.n || rank(d.approver_role) < rank(alt.gate.role) || (alt.gate.stepUp && !d.step_up_required) ||
        (alt.gate.sod && d.separate_duties === false);
      if (weaker) return "gate-weakened";
    }
  }
  return "contract-propose";
}

export async function stepPropose(ctx: Ctx, s: Extract<Spec, { t: "propose" }>): Promise<boolean> {
  const { m, r } = ctx;
  const now = vnow(m);
  const l = s.lease === null ? undefined : pickLease(m, s.lease, now);
  const regular = m.intents.filter((i) => i.kind === "regular");
  const resumed = s.resumes === null || regular.length === 0 ? undefined : regular[s.resumes % regular.length];
  // Mostly the lease's (or the resumed run's) own agent; now and then the other one (404).
  const own = l?.agent ?? resumed?.agent;
  const agent: "X" | "Y" = own ? (s.agent === 1 && s.action % 4 === 0 ? (own === "X" ? "Y" : "X") : own) : s.agent === 0 ? "X" : "Y";
  // Under a lease, mostly an action inside its capabilities (those are the ones a waiver is about).
  const inScope = l ? ACTIONS.filter((a) => chain(m, l.id).every((link) => actionAllowedBy(link.caps, a))) : [];
  const action = inScope.length && s.action % 3 !== 0 ? inScope[s.action % inScope.length] : ACTIONS[s.action % ACTIONS.length];
  const stage: Stage = resumed ? "resume" : STAGES[s.stage % STAGES.length];
  const n = ++m.n;
  const body: Record<string, unknown> = { action, stage, payload: { n } };
  if (l) body.lease_id = l.id;
  if (resumed) body.resumes = resumed.id;
  const alts = predictPropose(m, now, agent, action, stage, l?.id ?? null, resumed?.id ?? null);
  const res = await call("POST", "/api/v1/intents", { token: r.agentKeys[agent], body });
  no5xx(res, "POST /intents");
  const hash = payloadHashOf(n);
  const reasons = alts.map((alt) => mismatch(alt, res, m, now, hash));
  const matched = alts.find((_, k) => reasons[k] === null);
  const what = `propose ${agent} ${action}@${stage}${l ? ` lease=${label(ctx, l.id, "L")}` : ""}${resumed ? ` resumes=${label(ctx, resumed.id)}` : ""}`;
  log(ctx, `${what} → ${brief(res)} ${res.body?.decision?.reason_code ?? ""} ${res.status === 201 ? label(ctx, res.body.id) : ""}`);
  if (!matched) {
    throw new Violation(
      classify(alts, res, Boolean(l), Boolean(resumed)),
      `${what}: answered ${JSON.stringify({ status: res.status, body: summary(res.body) })}; the model allows only ${alts.map((a, k) => `${JSON.stringify(a)} (${reasons[k]})`).join(" or ")}`,
    );
  }
  tag(ctx, `propose ${matched.kind}${l ? " under lease" : ""}${matched.kind === "allowed" && matched.authority.via === "lease" ? " (waiver)" : ""}${resumed ? " resume" : ""}`);
  if (l && matched.kind === "pending" && stage === "run" && alts.every((a) => a.kind === "pending")) tag(ctx, "propose under lease: lease does not cover the gate");
  if (matched.kind === "notFound") return true;
  const decision: Decision =
    matched.kind === "pending" ? { outcome: "require_approval", gate: matched.gate } : matched.kind === "denied" ? { outcome: "deny", code: res.body.decision.reason_code } : { outcome: "allow" };
  m.intents.push({
    id: res.body.id,
    kind: "regular",
    agent,
    action,
    stage,
    leaseId: l?.id ?? null,
    resumes: resumed?.id ?? null,
    payloadHash: hash,
    createdAt: now,
    doc: m.doc,
    decision,
    status: matched.kind === "pending" ? "pending_approval" : matched.kind,
    approvals: [],
    executableAt: matched.kind === "allowed" ? now : null,
    authority: matched.kind === "allowed" ? matched.authority : null,
    token: matched.kind === "allowed" ? res.body.execution_token : null,
    tokenUsed: false,
  });
  return true;
}

/** The fields of an intent worth showing in a violation. */
export function summary(b: any) {
  if (!b || typeof b !== "object" || !b.id) return b;
  const { id, status, action, stage, lease_id, decision, approvals } = b;
  return { id, status, action, stage, lease_id, decision, approvals: approvals?.map((a: any) => `${a.user_id}:${a.decision}`) };
}
