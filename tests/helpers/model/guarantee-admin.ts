import { sweepIntents } from "../../../lib/domain/intents/sweep-intents";
import { sweepLeases } from "../../../lib/domain/leases/sweep-leases";
import { call } from "../api";
import { signIn } from "../passkeys";
import { type Ctx, Violation, brief, log, no5xx, tag } from "./guarantee-context";
import { PASSWORD, invitationsExist, putPolicy, shiftOrgTime } from "./guarantee-fixture";
import { MIN, slaState, tokenExpired, vnow } from "./guarantee-model";
import { DOCS, docYaml } from "./guarantee-policies";
import { closeIntent } from "./guarantee-resolve";
import type { Spec } from "./guarantee-specs";

/** Every member but A0 (who stays admin so admin steps always have an actor). */
const others = (ctx: Ctx) => ctx.m.members.slice(1);

/**
 * Whom a role change or removal hits: on even indices, someone whose approval sits on an item still
 * waiting for more (that is when "still a member with the role at the final approval" matters).
 */
function target(ctx: Ctx, idx: number) {
  const waiting = new Set(ctx.m.intents.filter((i) => i.status === "pending_approval").flatMap((i) => i.approvals.map((a) => a.userId)));
  const approvers = others(ctx).filter((x) => waiting.has(x.userId) && x.role !== null);
  const pool = idx % 2 === 0 && approvers.length ? approvers : others(ctx);
  return pool[Math.floor(idx / 2) % pool.length];
}

export async function stepRole(ctx: Ctx, s: Extract<Spec, { t: "role" }>): Promise<boolean> {
  const { m, r } = ctx;
  const who = target(ctx, s.who);
  const by = m.members[s.by % m.members.length];
  const res = await call("PATCH", `/api/v1/members/${who.userId}`, { token: r.members.get(by.userId)?.token, body: { role: s.role } });
  no5xx(res, "PATCH /members/{id}");
  log(ctx, `role ${who.key} (${who.role ?? "removed"}) → ${s.role} by ${by.key} → ${brief(res)}`);
  const want = !by.tokenAlive || by.role === null ? 401 : by.role !== "admin" ? 403 : who.role === null ? 404 : 200;
  if (res.status !== want) throw new Violation(res.status === 200 ? "member-change-unauthorized" : "contract-members", `role change answered ${res.status} ${JSON.stringify(res.body)}, expected ${want}`);
  if (want === 200) who.role = s.role;
  return true;
}

export async function stepRemove(ctx: Ctx, s: Extract<Spec, { t: "remove" }>): Promise<boolean> {
  const { r } = ctx;
  const gone = target(ctx, s.who);
  const res = await call("DELETE", `/api/v1/members/${gone.userId}`, { token: r.adminToken });
  no5xx(res, "DELETE /members/{id}");
  log(ctx, `remove ${gone.key} (${gone.role ?? "removed"}) → ${brief(res)}`);
  const want = gone.role === null ? 404 : 200;
  if (res.status !== want) throw new Violation("contract-members", `removal answered ${res.status} ${JSON.stringify(res.body)}, expected ${want}`);
  gone.role = null;
  gone.tokenAlive = false;
  return true;
}

/** The single-use token in an accept_url, wherever the app puts it (the fragment, a query parameter or the last path segment). */
function acceptToken(url: string): string {
  const parsed = new URL(url, "http://localhost:3000");
  if (parsed.hash.length > 1) return decodeURIComponent(parsed.hash.slice(1));
  return parsed.searchParams.get("token") ?? decodeURIComponent(parsed.pathname.split("/").filter(Boolean).at(-1) ?? "");
}

/**
 * POST /members (an invitation) and POST /invitations/accept, then a token through POST
 * /auth/token: a new person with a password, or a removed member rejoining signed in as
 * themselves. Skipped until the invitation routes exist (they are being built in parallel).
 */
export async function stepInvite(ctx: Ctx, s: Extract<Spec, { t: "invite" }>): Promise<boolean> {
  if (!invitationsExist()) return false;
  const { m, r } = ctx;
  const removed = m.members.filter((x) => x.role === null);
  const rejoining = s.rejoin !== null && removed.length ? removed[s.rejoin % removed.length] : undefined;
  const email = rejoining?.email ?? `i${++m.invites}-${r.orgId.slice(-6).toLowerCase()}@guarantee.test`;
  const invited = await call("POST", "/api/v1/members", { token: r.adminToken, body: { email, role: s.role } });
  no5xx(invited, "POST /members");
  if (invited.status !== 201 || !invited.body?.accept_url) throw new Violation("contract-invitations", `POST /members answered ${invited.status} ${JSON.stringify(invited.body)}`);
  const token = acceptToken(invited.body.accept_url);
  const session = rejoining ? r.members.get(rejoining.userId)?.session : undefined;
  const accepted = session
    ? await call("POST", "/api/v1/invitations/accept", { headers: session.headers, body: { token } })
    : await call("POST", "/api/v1/invitations/accept", { body: { token, password: PASSWORD } });
  no5xx(accepted, "POST /invitations/accept");
  log(ctx, `invite ${rejoining ? `${rejoining.key} back` : email} as ${s.role} → ${invited.status}, accept → ${brief(accepted)}`);
  if (accepted.status !== 201 || accepted.body?.role !== s.role) throw new Violation("contract-invitations", `accept answered ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const login = await call("POST", "/api/v1/auth/token", { body: { email, password: PASSWORD, org_id: r.orgId } });
  no5xx(login, "POST /auth/token");
  if (login.status !== 201) throw new Violation("contract-invitations", `login of the invited member answered ${login.status} ${JSON.stringify(login.body)}`);
  const userId: string = accepted.body.user_id;
  const previous = r.members.get(userId);
  r.members.set(userId, { token: login.body.token, session: previous?.session ?? (await signIn({ userId }, r.orgId)), passkey: previous?.passkey });
  tag(ctx, rejoining ? "invitation: removed member rejoined" : "invitation: new member");
  if (rejoining) {
    rejoining.role = s.role;
    rejoining.tokenAlive = true;
  } else {
    m.members.push({ key: `i${m.invites}`, userId, email, role: s.role, tokenAlive: true });
  }
  return true;
}

export async function stepPolicy(ctx: Ctx, s: Extract<Spec, { t: "policy" }>): Promise<boolean> {
  const { m, r } = ctx;
  const res = await putPolicy(r.adminToken, docYaml(DOCS[s.doc], m.sodSupported));
  no5xx(res, "PUT /policy");
  log(ctx, `policy → ${DOCS[s.doc].name}: ${res.status}`);
  if (res.status !== 200) throw new Violation("contract-policy", `PUT /policy ${DOCS[s.doc].name} answered ${res.status} ${JSON.stringify(res.body)}`);
  m.doc = s.doc;
  r.snapshots.set(s.doc, res.body.snapshot);
  return true;
}

export async function stepTime(ctx: Ctx, s: Extract<Spec, { t: "time" }>): Promise<boolean> {
  await shiftOrgTime(ctx.r.orgId, s.minutes * MIN);
  ctx.m.shift += s.minutes * MIN;
  log(ctx, `time passes ${s.minutes} min`);
  return true;
}

/**
 * Sweeper passes in-process until a pass finds nothing more (the sweeper is global and takes 100
 * rows a pass; earlier sequences' orgs leave due rows too). Afterwards everything due is marked.
 */
export async function stepSweep(ctx: Ctx): Promise<boolean> {
  const { m } = ctx;
  const now = vnow(m);
  for (let pass = 0; pass < 20; pass++) {
    const intents = await sweepIntents();
    const leases = await sweepLeases();
    if (intents.timedOut + intents.escalated + intents.expired + leases.expired + leases.expiringSoon === 0) break;
  }
  for (const i of m.intents) {
    if (i.status === "pending_approval" && slaState(i, now).expired) closeIntent(m, i, "expired");
    else if ((i.status === "allowed" || i.status === "approved") && tokenExpired(i, now)) i.status = "expired";
  }
  for (const l of m.leases) if (l.status === "active" && l.expiresAt !== null && now >= l.expiresAt) l.status = "expired";
  log(ctx, "sweep");
  return true;
}
