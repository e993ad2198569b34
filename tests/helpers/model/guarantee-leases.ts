import { call } from "../api";
import { sqlRows } from "../sql";
import { type Ctx, Violation, brief, label, log, no5xx, tag } from "./guarantee-context";
import {
  type Gate,
  type MLease,
  type Model,
  MAX_DEPTH,
  MIN,
  capsWithin,
  chain,
  chainStrength,
  leaseRequestDecision,
  pickLease,
  vnow,
} from "./guarantee-model";
import { gateMismatch, summary } from "./guarantee-propose";
import { type Settle, closeIntent } from "./guarantee-resolve";
import type { Spec } from "./guarantee-specs";

export const CAPS = [["t.*"], ["t.one", "t.two"], ["t.auto", "t.stepup", "t.sod"], ["t.admin", "t.esc", "t.sla", "t.one"], ["*"]];
const TTLS: [string, number][] = [["1h", 60 * MIN], ["5h", 300 * MIN]];
const CHILD_TTLS: [string, number][] = [["30m", 30 * MIN], ["2h", 120 * MIN], ["10h", 600 * MIN]];

const other = (agent: "X" | "Y") => (agent === "X" ? "Y" : "X");

/** Who acts on a lease: its agent (null), or a member through their token. */
function actor(ctx: Ctx, by: number | null, l: MLease): { token: string; name: string; refusal: number | null } {
  if (by === null) return { token: ctx.r.agentKeys[l.agent], name: `agent ${l.agent}`, refusal: null };
  const who = ctx.m.members[by % ctx.m.members.length];
  const token = ctx.r.members.get(who.userId)?.token as string;
  // Leases are managed by approvers and up (and by the agent holding them).
  const refusal = !who.tokenAlive || who.role === null ? 401 : who.role === "viewer" ? 403 : null;
  return { token, name: who.key, refusal };
}

/** The request or renewal intent a lease route created, read back as its agent, checked against the gate the model expects. */
async function recordRequest(ctx: Ctx, l: MLease, intentId: string, kind: "lease_create" | "lease_renew", gate: Gate | null, now: number) {
  const { m, r } = ctx;
  const seen = await call("GET", `/api/v1/intents/${intentId}`, { token: r.agentKeys[l.agent] });
  no5xx(seen, "GET /intents/{id}");
  if (gate) {
    const wrong = gateMismatch(gate, seen.body, m, now);
    if (wrong) throw new Violation(wrong.includes("expected pending") ? "contract-lease" : "gate-weakened", `${kind} request ${label(ctx, intentId)}: ${wrong} (${JSON.stringify(summary(seen.body))})`);
  } else if (seen.body?.status !== "denied") {
    throw new Violation("policy-deny-ignored", `${kind} request the policy denies is ${seen.body?.status}`);
  }
  m.intents.push({
    id: intentId,
    kind,
    agent: l.agent,
    action: kind === "lease_create" ? "lease.create" : "lease.renew",
    stage: kind === "lease_create" ? "create" : "renew",
    leaseId: l.id,
    resumes: null,
    payloadHash: seen.body.payload_hash,
    createdAt: now,
    doc: m.doc,
    decision: gate ? { outcome: "require_approval", gate } : { outcome: "deny", code: seen.body.decision?.reason_code },
    status: gate ? "pending_approval" : "denied",
    approvals: [],
    executableAt: null,
    authority: null,
    token: null,
    tokenUsed: false,
  });
}

export async function stepLease(ctx: Ctx, s: Extract<Spec, { t: "lease" }>): Promise<boolean> {
  const { m, r } = ctx;
  const agent = s.agent === 0 ? "X" : "Y";
  const caps = CAPS[s.caps % CAPS.length];
  const [ttl, ttlMs] = TTLS[s.ttl % TTLS.length];
  const now = vnow(m);
  const d = leaseRequestDecision(m, "lease.create");
  const res = await call("POST", "/api/v1/leases", { token: r.agentKeys[agent], body: { capabilities: caps, destinations: [], ttl, purpose: "guarantee suite" } });
  no5xx(res, "POST /leases");
  log(ctx, `lease ${agent} [${caps}] ${ttl} → ${brief(res)} ${res.status === 201 ? label(ctx, res.body.id, "L") : ""}`);
  // "→ 201 lease with status pending_approval (creation is a create-stage approval in the queue)"; a policy that denies it: never active.
  const wantStatus = d.outcome === "deny" ? ["revoked"] : ["pending_approval"];
  if (res.status !== 201 || !wantStatus.includes(res.body?.status) || !res.body.request_intent_id) {
    throw new Violation(res.body?.status === "active" ? "lease-without-approval" : "contract-lease", `POST /leases answered ${res.status} ${JSON.stringify(res.body)}; expected 201 ${wantStatus}`);
  }
  const l: MLease = {
    id: res.body.id,
    agent,
    status: d.outcome === "deny" ? "revoked" : "pending_approval",
    caps,
    ttlMs,
    expiresAt: null,
    parentId: null,
    depth: 0,
    requestIntentId: res.body.request_intent_id,
    renewal: null,
    strength: null,
  };
  m.leases.push(l);
  await recordRequest(ctx, l, l.requestIntentId as string, "lease_create", d.outcome === "require_approval" ? d.gate : null, now);
  return true;
}

export async function stepRenew(ctx: Ctx, s: Extract<Spec, { t: "renew" }>): Promise<boolean> {
  const { m } = ctx;
  const l = pickLease(m, s.pick, vnow(m));
  if (!l) return false;
  const who = actor(ctx, s.by, l);
  const body: Record<string, unknown> =
    s.kind === "narrow" ? { ttl: "30m" }
    : s.kind === "narrowCaps" ? { ttl: "30m", capabilities: [l.caps[0]] }
    : s.kind === "widenTtl" ? { ttl: "10h" }
    : { ttl: "30m", capabilities: [...l.caps, "x.extra"] };
  const requested = { caps: (body.capabilities as string[] | undefined) ?? l.caps, ttlMs: body.ttl === "10h" ? 600 * MIN : 30 * MIN };
  const now = vnow(m);
  const res = await call("POST", `/api/v1/leases/${l.id}/renew`, { token: who.token, body });
  no5xx(res, "POST /leases/{id}/renew");
  // The answer says what happened to this request (renewal.applied / renewal.renewal_intent_id); the
  // lease's own renewal_intent_id may name an earlier renewal still waiting.
  const outcome = res.body?.renewal;
  const renewalId: string | null = outcome && typeof outcome === "object" ? (outcome.applied ? null : (outcome.renewal_intent_id ?? null)) : res.status === 202 ? (res.body?.renewal_intent_id ?? null) : null;
  const what = `renew ${label(ctx, l.id, "L")} (${l.status}) ${s.kind} by ${who.name}`;
  log(ctx, `${what} → ${brief(res)}${renewalId ? ` renewal ${label(ctx, renewalId)}` : ""}`);
  const expectRefusal = (status: number, why: string) => {
    if (res.status === status) {
      tag(ctx, `renew refused ${status}`);
      return true;
    }
    const cls = res.status < 300 && !renewalId ? "renewal-widened-without-approval" : "contract-lease";
    throw new Violation(cls, `${what}: answered ${res.status} ${JSON.stringify(res.body)}; expected ${status} (${why})`);
  };
  if (who.refusal) return expectRefusal(who.refusal, "the caller may not manage leases");
  const lapsed = l.status === "active" && l.expiresAt !== null && now >= l.expiresAt;
  if (l.status !== "active" && res.status === 409) return true;
  if (l.status !== "active") return expectRefusal(409, `the lease is ${l.status}`);
  // An active lease whose time ran out before a sweeper marked it: refused, or (the app did not notice) a renewal like any widening.
  if (lapsed && res.status === 409) return true;
  const parent = chain(m, l.id)[1];
  if (parent && (!capsWithin(requested.caps, parent.caps) || (parent.expiresAt !== null && now + requested.ttlMs > parent.expiresAt))) {
    // A delegated lease never outgrows the lease above it.
    return expectRefusal(403, "a delegated lease cannot outgrow its parent");
  }
  const narrowing = !lapsed && capsWithin(requested.caps, l.caps) && l.expiresAt !== null && now + requested.ttlMs <= l.expiresAt;
  if (narrowing) {
    // "Narrowing needs no approval."
    if (res.status >= 300 || renewalId) throw new Violation("contract-lease", `${what}: a narrowing answered ${res.status} ${JSON.stringify(summary(res.body))}`);
    tag(ctx, `renew narrowed by ${s.by === null ? "agent" : "member"}`);
    l.caps = requested.caps;
    l.ttlMs = requested.ttlMs;
    l.expiresAt = now + requested.ttlMs;
    return true;
  }
  // "Widening … is always a renew-stage approval decided by the policy, whoever asks, agent or member."
  if (l.renewal) return expectRefusal(409, "a renewal is already waiting");
  const d = leaseRequestDecision(m, "lease.renew");
  if (d.outcome === "deny") {
    if (res.status >= 400 && res.status < 500) return true;
    return expectRefusal(403, "the policy denies lease.renew");
  }
  if (res.status >= 300 || !renewalId) {
    const widened = res.status < 300;
    throw new Violation(widened ? "renewal-widened-without-approval" : "contract-lease", `${what}: a widening answered ${res.status} ${JSON.stringify(summary(res.body))}, expected a renew-stage approval`);
  }
  tag(ctx, `renew widening queued (asked by ${s.by === null ? "agent" : "member"})`);
  l.renewal = { intentId: renewalId, ...requested };
  await recordRequest(ctx, l, renewalId, "lease_renew", d.outcome === "require_approval" ? d.gate : null, now);
  return true;
}

export async function stepDelegate(ctx: Ctx, s: Extract<Spec, { t: "delegate" }>): Promise<boolean> {
  const { m, r } = ctx;
  const parent = pickLease(m, s.pick, vnow(m));
  if (!parent) return false;
  const to = other(parent.agent);
  const caps = CAPS[s.caps % CAPS.length];
  const [ttl, ttlMs] = CHILD_TTLS[s.ttl % CHILD_TTLS.length];
  const now = vnow(m);
  const res = await call("POST", `/api/v1/leases/${parent.id}/delegate`, {
    token: r.agentKeys[parent.agent],
    body: { capabilities: caps, destinations: [], ttl, agent: m.agents.find((a) => a.key === to)?.name, purpose: "guarantee suite" },
  });
  no5xx(res, "POST /leases/{id}/delegate");
  const what = `delegate ${label(ctx, parent.id, "L")} (${parent.status}) → ${to} [${caps}] ${ttl}`;
  log(ctx, `${what} → ${brief(res)} ${res.status === 201 ? label(ctx, res.body.id, "L") : ""}`);
  const alive = parent.status === "active" && parent.expiresAt !== null && now < parent.expiresAt;
  const within = chain(m, parent.id).every((link) => capsWithin(caps, link.caps));
  const may = alive && within && parent.depth + 1 <= MAX_DEPTH;
  if (!may) {
    if (res.status >= 400 && res.status < 500) return true;
    throw new Violation("delegation-escalation", `${what}: answered ${res.status}; the model refuses (${alive ? "" : "parent not active; "}${within ? "" : "scope wider than the chain; "}depth ${parent.depth + 1})`);
  }
  if (res.status !== 201 || res.body?.status !== "active") throw new Violation("contract-lease", `${what}: answered ${res.status} ${JSON.stringify(res.body)}`);
  tag(ctx, `delegated (depth ${parent.depth + 1})`);
  m.leases.push({
    id: res.body.id,
    agent: to,
    status: "active",
    caps,
    ttlMs,
    expiresAt: Math.min(now + ttlMs, parent.expiresAt as number),
    parentId: parent.id,
    depth: parent.depth + 1,
    requestIntentId: null,
    renewal: null,
    // "A delegated lease carries its parent's approval strength, never more."
    strength: chainStrength(m, parent.id),
  });
  return true;
}

/** Leases delegated from `id`, at any depth. */
const descendants = (m: Model, id: string): MLease[] => m.leases.filter((l) => l.id !== id && chain(m, l.id).some((link) => link.id === id));

export async function stepRevoke(ctx: Ctx, s: Extract<Spec, { t: "revoke" }>): Promise<boolean> {
  const { m } = ctx;
  // Now and then a lease (or the root of a chain) that has let an intent through which has not executed yet.
  const staged = m.leases.filter((x) => m.intents.some((i) => (i.status === "allowed" || i.status === "approved") && i.leaseId && chain(m, i.leaseId).includes(x)));
  const l = s.pick % 3 === 0 && staged.length ? staged[Math.floor(s.pick / 3) % staged.length] : pickLease(m, s.pick, vnow(m));
  if (!l) return false;
  const who = actor(ctx, s.by, l);
  const res = await call("POST", `/api/v1/leases/${l.id}/revoke`, { token: who.token, body: { reason: "guarantee suite" } });
  no5xx(res, "POST /leases/{id}/revoke");
  const what = `revoke ${label(ctx, l.id, "L")} (${l.status}) by ${who.name}`;
  log(ctx, `${what} → ${brief(res)}`);
  const want = who.refusal ?? (l.status === "revoked" ? 409 : 200);
  if (res.status !== want) throw new Violation("contract-lease", `${what}: answered ${res.status} ${JSON.stringify(res.body?.error ?? res.body?.status)}, expected ${want}`);
  if (want !== 200) return true;
  if (res.body?.status !== "revoked") throw new Violation("contract-lease", `${what}: 200 but status ${res.body?.status}`);
  // "→ revoked at once, with every lease delegated from it."
  const gone = [l, ...descendants(m, l.id)];
  tag(ctx, `revoked (${gone.length} lease${gone.length > 1 ? "s" : ""})`);
  const waiting: string[] = [];
  for (const x of gone) {
    x.status = "revoked";
    if (x.renewal) waiting.push(x.renewal.intentId);
    x.renewal = null;
    const request = m.intents.find((i) => i.id === x.requestIntentId);
    if (request?.status === "pending_approval") waiting.push(request.id);
  }
  // A request still waiting for a human may be withdrawn with the lease (API.md does not say); whatever
  // happens to it, approving it later must not bring the lease back (the database check sees to that).
  if (waiting.length) {
    const rows = await sqlRows<{ id: string; status: string }>("SELECT id, status::text FROM intents WHERE org_id = $1 AND id = ANY($2)", ctx.r.orgId, waiting);
    for (const row of rows) {
      const i = m.intents.find((x) => x.id === row.id);
      if (i && row.status === "cancelled") closeIntent(m, i, "cancelled");
      else if (i && row.status !== "pending_approval") throw new Violation("contract-lease", `${what}: its waiting request ${label(ctx, i.id)} became ${row.status}`);
    }
  }
  return true;
}

/**
 * A lease whose fate only the database can tell (an approved renewal of a lease whose time had
 * run out before anything marked it): revived with the requested scope, or left expired. Which of
 * the two is read back; the scope itself is still the model's (the database check compares it).
 */
export async function settleLease(ctx: Ctx, settle: NonNullable<Settle["settleLease"]>, now: number): Promise<void> {
  const l = ctx.m.leases.find((x) => x.id === settle.leaseId) as MLease;
  const [row] = await sqlRows<{ status: string; expires_at: Date | null }>(
    "SELECT status::text, expires_at FROM leases WHERE org_id = $1 AND id = $2",
    ctx.r.orgId,
    settle.leaseId,
  );
  const revived = (row.status === "active" || row.status === "expiring_soon") && row.expires_at !== null && utc(row.expires_at) + ctx.m.shift > now;
  log(ctx, `  (lease ${label(ctx, l.id, "L")} renewed after its end: ${revived ? "revived" : row.status})`);
  tag(ctx, `renewal approved after the lease's end: ${revived ? "revived" : "stays expired"}`);
  if (!revived) {
    l.status = "expired";
    return;
  }
  l.caps = settle.caps;
  l.ttlMs = settle.ttlMs;
  l.expiresAt = now + settle.ttlMs;
  l.strength = settle.strength;
}

/** A timestamp(3) column read through Prisma's raw query: a Date whose UTC fields are the stored ones. */
export const utc = (d: Date | string) => (typeof d === "string" ? Date.parse(d.endsWith("Z") ? d : `${d}Z`) : d.getTime());
