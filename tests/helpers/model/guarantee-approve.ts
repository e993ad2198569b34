import { type ApiResponse, call } from "../api";
import { approveWithStepUp, stepUpOptions } from "../passkeys";
import { type Ctx, STATUS_OF, Violation, brief, code, label, log, memberName, no5xx, tag } from "./guarantee-context";
import { passkeyOf } from "./guarantee-fixture";
import { type Gate, type MIntent, type Model, ROLE_ORDER, countApprovals, slaState, vnow } from "./guarantee-model";
import { TIMEOUT_CODES, type Expect, type Resolution, type Settle, applyResolve, classifyResolve, predictResolve } from "./guarantee-resolve";
import { settleLease } from "./guarantee-leases";
import type { Spec } from "./guarantee-specs";
import { summary } from "./guarantee-propose";
import { sendThroughSlack } from "./guarantee-slack";

const REASON = "checked by the guarantee suite";

/** Pending items first (that is where resolutions matter), else any item. */
export function pickIntent(m: Model, idx: number): MIntent | undefined {
  const pending = m.intents.filter((i) => i.status === "pending_approval");
  const pool = pending.length ? pending : m.intents;
  return pool.length ? pool[idx % pool.length] : undefined;
}

/** A passkey step-up only where the item needs one: on other items the dashboard approves without it. */
function effectiveVia(i: MIntent, via: Resolution["via"]): Resolution["via"] {
  const gate = (i.decision as { gate?: Gate }).gate;
  return via === "stepup" && !(i.status === "pending_approval" && gate?.stepUp) ? "session" : via;
}

/** Sends one resolution the way its `via` says: the member's token, their dashboard session, the session with a fresh passkey assertion, or Slack. */
export async function sendResolution(ctx: Ctx, res: Resolution): Promise<ApiResponse> {
  const who = ctx.r.members.get(res.userId);
  if (!who) throw new Error(`no real member ${res.userId}`);
  const path = `/api/v1/approvals/${res.intentId}/${res.decision}`;
  if (res.via === "token") return call("POST", path, { token: who.token, body: { reason: REASON } });
  if (res.via === "session") return who.session.call("POST", path, { reason: REASON });
  if (res.via === "slack") return sendThroughSlack(ctx.r, res.userId, res.intentId, res.decision, REASON);
  const member = ctx.m.members.find((x) => x.userId === res.userId);
  if (member?.role === null) return who.session.call("POST", `/api/v1/approvals/${res.intentId}/step-up`, {});
  const { authenticator, credential } = await passkeyOf(ctx.r, res.userId);
  const options = await stepUpOptions(who.session, res.intentId);
  no5xx(options, "POST /approvals/{id}/step-up");
  if (options.status !== 200) return Object.assign(options, { stepUpOptions: true });
  const response = authenticator.assert(credential, options.body);
  return res.decision === "approve"
    ? approveWithStepUp(who.session, res.intentId, response, REASON)
    : who.session.call("POST", path, { reason: REASON, step_up: { response } });
}

/** What the answer realized of the prediction (the success, or the refusal), or null when it is not what the model predicts. */
export function realized(expect: Expect, res: ApiResponse): Expect | null {
  const c = code(res);
  const refusedWith = (codes: string[]) => c !== undefined && codes.includes(c) && res.status === STATUS_OF[c];
  if (!expect.ok) return refusedWith(expect.codes) ? { ...expect, expire: Boolean(expect.expire && TIMEOUT_CODES.includes(c as string)) } : null;
  if (res.status === 200 && res.body?.status === expect.status) return expect;
  return expect.orCodes && refusedWith(expect.orCodes) ? { ok: false, codes: expect.orCodes } : null;
}

function describe(ctx: Ctx, r: Resolution) {
  return `${r.decision} ${label(ctx, r.intentId)} by ${memberName(ctx, r.userId)} via ${r.via}`;
}

function refuse(ctx: Ctx, m: Model, now: number, r: Resolution, expect: Expect, res: ApiResponse): never {
  const { cls, why } = res.status === 200
    ? classifyResolve(m, now, r, expect, res.body?.status ?? null)
    : { cls: "contract-resolution", why: `model expects ${JSON.stringify(expect)}` };
  throw new Violation(cls, `${describe(ctx, r)}: answered ${res.status} ${JSON.stringify(summary(res.body))}; ${why}`);
}

function tagResolution(ctx: Ctx, r: Resolution, got: Expect, res: ApiResponse) {
  const i = ctx.m.intents.find((x) => x.id === r.intentId);
  tag(ctx, `${r.batch ? "batch " : ""}${r.decision} via ${r.via}: ${got.ok ? got.status : `refused ${code(res)}`}${i && i.kind !== "regular" ? ` (${i.kind})` : ""}`);
  const gate = i && (i.decision as { gate?: Gate }).gate;
  if (i && gate && i.status === "pending_approval" && slaState(i, vnow(ctx.m)).escalated) tag(ctx, `${r.decision} of an escalated item: ${got.ok ? got.status : `refused ${code(res)}`}`);
}

async function afterApply(ctx: Ctx, settle: Settle, now: number) {
  if (settle.settleLease) await settleLease(ctx, settle.settleLease, now);
}

export async function stepApprove(ctx: Ctx, s: Extract<Spec, { t: "approve" }>): Promise<boolean> {
  const { m } = ctx;
  const i = pickIntent(m, s.pick);
  if (!i) return false;
  const who = m.members[s.who % m.members.length];
  const r: Resolution = { userId: who.userId, intentId: i.id, decision: s.decision, via: effectiveVia(i, s.via) };
  const now = vnow(m);
  const expect = predictResolve(m, now, r);
  const res = await sendResolution(ctx, r);
  no5xx(res, describe(ctx, r));
  log(ctx, `${describe(ctx, r)} → ${brief(res)}`);
  const got = (res as { stepUpOptions?: boolean }).stepUpOptions ? realizedAtOptions(m, r, expect, res) : realized(expect, res);
  if (!got) refuse(ctx, m, now, r, expect, res);
  tagResolution(ctx, r, got, res);
  if (got.ok && got.status !== "rejected" && countApprovals(m, { ...i, approvals: [...i.approvals, { userId: r.userId, decision: "approve", stepUp: r.via === "stepup", at: now }] }, now).excluded.length) {
    tag(ctx, `${got.status === "approved" ? "approved" : "still pending"} with an earlier approval no longer counting`);
  }
  if (!got.ok && (res as { stepUpOptions?: boolean }).stepUpOptions) tag(ctx, `step-up challenge refused ${code(res)}`);
  await afterApply(ctx, applyResolve(m, now, r, got, res.body?.execution_token), now);
  return true;
}

/**
 * The step-up challenge (POST /approvals/{id}/step-up) was refused before any approval was sent.
 * It is not a resolution, so no timeout applies there: besides the approval's own refusals, it may
 * refuse a role below the item's approver_role before escalation. Only "already resolved" tells
 * the model something (a sweeper expired the item).
 */
function realizedAtOptions(m: Model, r: Resolution, expect: Expect, res: ApiResponse): Expect | null {
  const c = code(res);
  const i = m.intents.find((x) => x.id === r.intentId) as MIntent;
  const gate = (i.decision as { gate?: Gate }).gate;
  const role = m.members.find((x) => x.userId === r.userId)?.role;
  const codes = [...(expect.ok ? (expect.orCodes ?? []) : expect.codes)];
  if (gate && role && ROLE_ORDER.indexOf(role) < ROLE_ORDER.indexOf(gate.role)) codes.push("forbidden");
  if (c === undefined || !codes.includes(c) || res.status !== STATUS_OF[c]) return null;
  return { ok: false, codes, expire: c === "already_resolved" && !expect.ok && expect.expire };
}

/**
 * Two resolutions at once (Promise.all): "concurrent resolutions: exactly one wins". The answers
 * must be those of one of the two serial orders, and the model continues from that order.
 */
export async function stepRace(ctx: Ctx, s: Extract<Spec, { t: "race" }>): Promise<boolean> {
  const { m } = ctx;
  const i = pickIntent(m, s.pick);
  if (!i) return false;
  const a: Resolution = { userId: m.members[s.a % m.members.length].userId, intentId: i.id, decision: s.da, via: "token" };
  const b: Resolution = { userId: m.members[s.b % m.members.length].userId, intentId: i.id, decision: s.db, via: "token" };
  const now = vnow(m);
  const [ra, rb] = await Promise.all([sendResolution(ctx, a), sendResolution(ctx, b)]);
  no5xx(ra, describe(ctx, a));
  no5xx(rb, describe(ctx, b));
  log(ctx, `race [${describe(ctx, a)} → ${brief(ra)}] vs [${describe(ctx, b)} → ${brief(rb)}]`);
  for (const order of [[[a, ra], [b, rb]], [[b, rb], [a, ra]]] as [Resolution, ApiResponse][][]) {
    const trial = structuredClone(m);
    const settles: Settle[] = [];
    let ok = true;
    for (const [r, res] of order) {
      const got = realized(predictResolve(trial, now, r), res);
      if (!got) {
        ok = false;
        break;
      }
      settles.push(applyResolve(trial, now, r, got, res.body?.execution_token));
    }
    if (!ok) continue;
    tag(ctx, `race: ${ra.status}/${rb.status}`);
    Object.assign(m, trial);
    for (const settle of settles) await afterApply(ctx, settle, now);
    return true;
  }
  const terminal = (res: ApiResponse) => res.status === 200 && ["approved", "rejected"].includes(res.body?.status);
  if (terminal(ra) && terminal(rb)) {
    throw new Violation("concurrent-double-resolution", `both resolutions of ${label(ctx, i.id)} won: ${ra.body.status} and ${rb.body.status}`);
  }
  // Neither serial order explains the answers: report against a-then-b.
  const expect = predictResolve(m, now, a);
  const got = realized(expect, ra);
  if (!got) refuse(ctx, m, now, a, expect, ra);
  const trial = structuredClone(m);
  applyResolve(trial, now, a, got, ra.body?.execution_token);
  refuse(ctx, trial, now, b, predictResolve(trial, now, b), rb);
}

/** POST /approvals/batch: each item resolved on its own; step-up and multi-approval items refused per item. */
export async function stepBatch(ctx: Ctx, s: Extract<Spec, { t: "batch" }>): Promise<boolean> {
  const { m } = ctx;
  const ids = [...new Set(s.picks.map((p) => pickIntent(m, p)?.id).filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return false;
  const who = m.members[s.who % m.members.length];
  const token = ctx.r.members.get(who.userId)?.token as string;
  const now = vnow(m);
  const res = await call("POST", "/api/v1/approvals/batch", { token, body: { intent_ids: ids, decision: s.decision, reason: REASON } });
  no5xx(res, "POST /approvals/batch");
  log(ctx, `batch ${s.decision} [${ids.map((id) => label(ctx, id)).join(",")}] by ${who.key} → ${res.status} ${JSON.stringify(res.body?.items?.map((x: any) => x.ok ? x.status : x.error?.code) ?? code(res))}`);
  if (!who.tokenAlive || who.role === null || who.role === "viewer") {
    const want = who.role === "viewer" && who.tokenAlive ? 403 : 401;
    if (res.status !== want) throw new Violation(res.status === 200 ? "removed-member-acted" : "contract-resolution", `batch by ${who.key} (${who.role ?? "removed"}) answered ${res.status}, expected ${want}`);
    return true;
  }
  if (res.status !== 200) throw new Violation("contract-resolution", `batch answered ${res.status} ${JSON.stringify(res.body)}`);
  for (const id of ids) {
    const r: Resolution = { userId: who.userId, intentId: id, decision: s.decision, via: "token", batch: true };
    const expect = predictResolve(m, now, r);
    const item = (res.body.items as any[]).find((x) => x.intent_id === id);
    const asResponse: ApiResponse = item?.ok
      ? { status: 200, body: { status: item.status }, headers: new Headers() }
      : { status: STATUS_OF[item?.error?.code] ?? 0, body: { error: item?.error }, headers: new Headers() };
    const got = item ? realized(expect, asResponse) : null;
    if (!got) refuse(ctx, m, now, r, expect, asResponse);
    tagResolution(ctx, r, got, asResponse);
    await afterApply(ctx, applyResolve(m, now, r, got), now);
  }
  return true;
}
