import {
  type Gate,
  type Strength,
  type MIntent,
  type Model,
  atLeast,
  countApprovals,
  intent as intentOf,
  lease as leaseOf,
  member,
  agentOf,
  slaState,
  strengthOf,
  weakest,
} from "./guarantee-model";

/**
 * What API.md says a human resolution must do, as a pure function of the model: the refusal
 * codes that apply (any of them may come back; the contract fixes no order among them, except that
 * an item past its SLA times out first), or the status the item is left in.
 */

/** How a member resolves: their token, their dashboard session, the session with a passkey, or a Slack modal (never a step-up). */
export type Via = "token" | "session" | "stepup" | "slack";
/** `orCodes`: where API.md leaves it open, a refusal with one of these codes is fine too (and changes nothing). */
export type Expect =
  | { ok: true; status: "approved" | "pending_approval" | "rejected"; orCodes?: string[] }
  | { ok: false; codes: string[]; expire?: boolean };

/** Codes that mean the item's timeout was applied (by this request, or a sweeper before it). */
export const TIMEOUT_CODES = ["approval_expired", "already_resolved"];

export interface Resolution {
  userId: string;
  intentId: string;
  decision: "approve" | "reject";
  via: Via;
  batch?: boolean;
}

export function predictResolve(m: Model, now: number, r: Resolution): Expect {
  const who = member(m, r.userId);
  const i = intentOf(m, r.intentId) as MIntent;
  if (!who) throw new Error(`unknown member ${r.userId}`);
  if (r.via === "token" ? !who.tokenAlive || who.role === null : who.role === null) return { ok: false, codes: ["unauthorized", "forbidden"] };
  if (who.role === "viewer") return { ok: false, codes: ["forbidden"] };
  const gate = (i.decision as { gate?: Gate }).gate;
  // The batch route refuses step-up and multi-person items outright, before looking at anything else.
  const batchCodes = [...(r.batch && gate?.stepUp ? ["step_up_required"] : []), ...(r.batch && gate && gate.n > 1 ? ["forbidden"] : [])];
  if (i.status !== "pending_approval" || !gate) return { ok: false, codes: ["already_resolved", ...batchCodes] };
  const sla = slaState(i, now);
  // "Past sla_deadline the item's timeout applies first, in the same transaction, whether or not a
  // sweeper has run" — and if a sweeper did run, the item is simply resolved already.
  if (sla.expired) return { ok: false, codes: ["approval_expired", "already_resolved", ...batchCodes], expire: true };
  const codes: string[] = [];
  if (!atLeast(who.role, sla.role)) codes.push("forbidden");
  if (gate.sod && r.decision === "approve" && agentOf(m, i.agent).ownerUserId === r.userId) codes.push("separation_of_duties");
  // "tokens alone can never resolve a step-up item" — either way.
  if (gate.stepUp && r.via !== "stepup") codes.push("step_up_required");
  if (r.decision === "approve" && i.approvals.some((a) => a.userId === r.userId && a.decision === "approve")) codes.push("already_approved_by_user");
  codes.push(...batchCodes);
  if (codes.length) return { ok: false, codes: [...new Set(codes)] };
  // API.md only forbids a second approve; whether someone who approved may then reject it is open.
  if (r.decision === "reject") {
    const approvedBefore = i.approvals.some((a) => a.userId === r.userId && a.decision === "approve");
    return { ok: true, status: "rejected", ...(approvedBefore ? { orCodes: ["already_approved_by_user"] } : {}) };
  }
  const after = { ...i, approvals: [...i.approvals, { userId: r.userId, decision: "approve" as const, stepUp: r.via === "stepup", at: now }] };
  return { ok: true, status: countApprovals(m, after, now).approvers.length >= gate.n ? "approved" : "pending_approval" };
}

/** Why the app's success where the model predicted something else is a hole, by class. */
export function classifyResolve(m: Model, now: number, r: Resolution, expect: Expect, actualStatus: string | null): { cls: string; why: string } {
  const i = intentOf(m, r.intentId) as MIntent;
  if (!expect.ok) {
    const first = expect.codes[0];
    const cls =
      first === "separation_of_duties" ? "separation-of-duties"
      : first === "step_up_required" ? (r.batch ? "batch-bypass" : "step-up-bypassed")
      : first === "approval_expired" ? "approval-after-sla"
      : first === "already_approved_by_user" ? "approver-counted-twice"
      : first === "already_resolved" ? "resolved-twice"
      : first === "unauthorized" ? "removed-member-acted"
      : r.batch && (i.decision as { gate: Gate }).gate?.n > 1 ? "batch-bypass"
      : "role-below-gate";
    return { cls, why: `model refuses with ${expect.codes.join("|")}` };
  }
  if (expect.status === "pending_approval" && actualStatus === "approved") {
    const after = { ...i, approvals: [...i.approvals, { userId: r.userId, decision: "approve" as const, stepUp: r.via === "stepup", at: now }] };
    const { approvers, excluded } = countApprovals(m, after, now);
    const sod = excluded.some((e) => e.why.includes("separate_duties"));
    return {
      cls: sod ? "separation-of-duties" : excluded.some((e) => e.why === "no step-up") ? "step-up-bypassed" : "ineligible-approval-counted",
      why: `counting approvals: ${approvers.length} of ${(i.decision as { gate: Gate }).gate.n}; not counting ${excluded.map((e) => `${member(m, e.userId)?.key ?? e.userId} (${e.why})`).join(", ") || "none"}`,
    };
  }
  return { cls: "contract-resolution", why: `model expects ${JSON.stringify(expect)}` };
}

/** The model after a resolution the app answered as predicted. Returns a lease whose outcome only the database can settle. */
export interface Settle {
  settleLease?: { leaseId: string; caps: string[]; ttlMs: number; strength: Strength | null };
}

export function applyResolve(m: Model, now: number, r: Resolution, expect: Expect, token?: string): Settle {
  const i = intentOf(m, r.intentId) as MIntent;
  if (!expect.ok) {
    if (expect.expire) return closeIntent(m, i, "expired");
    return {};
  }
  i.approvals.push({ userId: r.userId, decision: r.decision, stepUp: r.via === "stepup", at: now });
  if (expect.status === "pending_approval") return {};
  if (expect.status === "rejected") return closeIntent(m, i, "rejected");
  i.status = "approved";
  const approvers = countApprovals(m, i, now).approvers;
  if (i.kind === "regular") {
    i.executableAt = now;
    i.authority = { via: "human", doc: i.doc, approvers };
    i.token = token ?? null;
    return {};
  }
  const l = leaseOf(m, i.leaseId);
  if (!l) return {};
  if (i.kind === "lease_create" && l.requestIntentId === i.id && l.status === "pending_approval") {
    l.status = "active";
    l.expiresAt = now + l.ttlMs;
    l.strength = strengthOf(m, i, approvers);
    return {};
  }
  if (i.kind === "lease_renew" && l.renewal?.intentId === i.id) {
    const requested = l.renewal;
    l.renewal = null;
    if (l.status !== "active") return {};
    // An approved renewal of a lease whose time ran out before a sweeper marked it: API.md does not
    // say whether it revives the lease (a human approved it) or is refused; the database settles it.
    // The widened scope stands on the renewal's approval as much as on the original one.
    const strength = weakest(l.strength, strengthOf(m, i, approvers));
    if (l.expiresAt !== null && now >= l.expiresAt) return { settleLease: { leaseId: l.id, caps: requested.caps, ttlMs: requested.ttlMs, strength } };
    l.caps = requested.caps;
    l.ttlMs = requested.ttlMs;
    l.expiresAt = now + requested.ttlMs;
    l.strength = strength;
  }
  return {};
}

/** An item leaves the queue without an approval: a lease request dies with it (its lease is revoked), a renewal is dropped. */
export function closeIntent(m: Model, i: MIntent, status: "rejected" | "expired" | "cancelled"): Settle {
  i.status = status;
  const l = leaseOf(m, i.leaseId);
  if (!l) return {};
  if (i.kind === "lease_create" && l.requestIntentId === i.id && l.status === "pending_approval") l.status = "revoked";
  if (i.kind === "lease_renew" && l.renewal?.intentId === i.id) l.renewal = null;
  return {};
}
