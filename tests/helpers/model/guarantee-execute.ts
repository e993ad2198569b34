import { type ApiResponse, call } from "../api";
import { type Ctx, STATUS_OF, Violation, brief, code, label, log, no5xx, tag } from "./guarantee-context";
import { type MIntent, type Model, chainStrength, covers, decide, openForApproval, slaState, tokenExpired, vnow } from "./guarantee-model";
import { deadCodes } from "./guarantee-propose";
import { closeIntent } from "./guarantee-resolve";
import type { Spec } from "./guarantee-specs";

const BOGUS_TOKEN = `tg_exec_${"0".repeat(43)}`;
const WRONG_HASH = `sha256:${"0".repeat(64)}`;

/** What POST /execute may answer: 200 (if `may200`) or a refusal with one of `codes`. */
export interface ExecExpect {
  may200: boolean;
  codes: string[];
}

const refuse = (...codes: string[]): ExecExpect => ({ may200: false, codes });

/**
 * The guarantee, at the moment of execution. Refusals in the contract's order; past them, the
 * intent's authority must still stand: (a) a policy allow, re-checked if the policy changed;
 * (b) a lease waiver, whose whole chain must still be active; (c) a human approval, which a
 * policy that now denies takes back. Where API.md leaves a choice, `codes` lists the refusal too.
 */
export function predictExecute(m: Model, now: number, i: MIntent, tokenOf: MIntent | null, hashOk: boolean): ExecExpect {
  if (tokenOf !== i) return refuse("invalid_execution_token");
  if (i.tokenUsed) return refuse("token_used");
  if (tokenExpired(i, now)) return refuse("token_expired");
  if (i.status !== "allowed" && i.status !== "approved") return refuse("not_executable");
  if (!hashOk) return refuse("payload_mismatch");
  const either: string[] = [];
  if (m.doc !== i.doc) {
    const d = decide(m, m.doc, i.action, i.stage);
    if (i.status === "allowed" && d.outcome !== "allow") {
      // "The current policy no longer allows it": a lease that would cover the new gate may or may not count.
      const leaseStillCovers =
        d.outcome === "require_approval" && i.leaseId !== null && i.stage === "run" && !d.gate.sod &&
        deadCodes(m, i.leaseId, now).length === 0 && covers(chainStrength(m, i.leaseId), d.gate);
      if (!leaseStillCovers) return refuse("policy_changed");
      either.push("policy_changed");
    }
    if (i.status === "approved" && d.outcome === "deny") return refuse("policy_changed");
  }
  if (i.leaseId && deadCodes(m, i.leaseId, now).length) {
    const leaseCodes = ["lease_revoked", "lease_expired"];
    // "The intent was allowed inside a lease that is no longer active → 409": an allowed intent must
    // stop; one a human approved may go either way (the contract speaks of what the lease allowed).
    if (i.status === "allowed") return refuse(...either, ...leaseCodes);
    either.push(...leaseCodes);
  }
  return { may200: true, codes: either };
}

const CLASS_OF_REFUSAL: Record<string, string> = {
  invalid_execution_token: "foreign-token-accepted",
  token_used: "token-reuse",
  token_expired: "expired-token-executed",
  not_executable: "executed-without-authority",
  payload_mismatch: "payload-mismatch-executed",
  policy_changed: "policy-changed-not-rechecked",
  lease_revoked: "lease-dead-at-execution",
  lease_expired: "lease-dead-at-execution",
};

const refused = (x: ExecExpect, res: ApiResponse) => {
  const c = code(res);
  return c !== undefined && x.codes.includes(c) && res.status === STATUS_OF[c];
};

export async function stepExecute(ctx: Ctx, s: Extract<Spec, { t: "execute" }>): Promise<boolean> {
  const { m, r } = ctx;
  const regular = m.intents.filter((i) => i.kind === "regular");
  const executable = regular.filter((i) => i.status === "allowed" || i.status === "approved");
  // "any" also tries intents that may not execute (bogus or foreign tokens, resolved items); the others need one that may.
  const pool = s.mode === "any" ? regular : s.mode === "leased" ? executable.filter((i) => i.leaseId !== null) : executable;
  if (pool.length === 0) return false;
  const i = pool[s.pick % pool.length];
  const key = r.agentKeys[i.agent];
  if (!i.token) {
    // The agent's long-poll/GET shows the token of an intent it may execute (an approval by batch returns none).
    const seen = await call("GET", `/api/v1/intents/${i.id}`, { token: key });
    no5xx(seen, "GET /intents/{id}");
    if (typeof seen.body?.execution_token === "string") i.token = seen.body.execution_token;
  }
  let token = i.token;
  let tokenOf: MIntent | null = token ? i : null;
  if (s.mode === "foreign") {
    const other = m.intents.find((o) => o !== i && o.token);
    token = other?.token ?? BOGUS_TOKEN;
    tokenOf = other ?? null;
  }
  if (!token) token = BOGUS_TOKEN;
  const hashOk = s.mode !== "wrongHash";
  const now = vnow(m);
  const expect = predictExecute(m, now, i, tokenOf, hashOk);
  const body = { execution_token: token, payload_hash: hashOk ? i.payloadHash : WRONG_HASH };
  const send = () => call("POST", `/api/v1/intents/${i.id}/execute`, { token: key, body });
  const answers = s.mode === "double" ? await Promise.all([send(), send()]) : [await send()];
  for (const res of answers) no5xx(res, "POST /intents/{id}/execute");
  const what = `execute ${label(ctx, i.id)} (${i.action}@${i.stage}, ${i.status}, ${s.mode})`;
  log(ctx, `${what} → ${answers.map(brief).join(" & ")}`);
  const wins = answers.filter((res) => res.status === 200);
  if (wins.length > 1) throw new Violation("token-reuse", `${what}: two concurrent executes of one token both answered 200`);
  if (wins.length === 1) {
    if (!expect.may200) throw new Violation(CLASS_OF_REFUSAL[expect.codes[0]] ?? "executed-without-authority", `${what}: executed (200); the model refuses with ${expect.codes.join("|")} — ${authorityOf(m, i, now)}`);
    if (wins[0].body?.status !== "executing") throw new Violation("contract-execute", `${what}: 200 with status ${wins[0].body?.status}`);
    const loser = answers.find((res) => res !== wins[0]);
    if (loser && !refused({ may200: false, codes: ["token_used", "not_executable"] }, loser)) {
      throw new Violation("contract-execute", `${what}: the losing execute answered ${brief(loser)}, expected token_used`);
    }
    tag(ctx, `execute 200 (${i.authority?.via ?? "?"}${i.leaseId ? ", lease" : ""}${m.doc !== i.doc ? ", policy changed" : ""})${s.mode === "double" ? " of two at once" : ""}`);
    i.status = "executing";
    i.tokenUsed = true;
    return true;
  }
  tag(ctx, `execute refused ${code(answers[0])}`);
  for (const res of answers) {
    if (!refused(expect, res)) {
      throw new Violation("contract-execute", `${what}: answered ${res.status} ${JSON.stringify(res.body?.error ?? res.body?.status)}; the model expects ${expect.may200 ? "200" : ""}${expect.codes.length ? ` or ${expect.codes.join("|")}` : ""}`);
    }
  }
  return true;
}

/** A sentence on where the intent's authority came from, for the violation message. */
function authorityOf(m: Model, i: MIntent, now: number): string {
  const a = i.authority;
  const doc = `decided under P${i.doc}, active P${m.doc}`;
  if (!a) return `no authority in the model (status ${i.status}; ${doc})`;
  if (a.via === "lease") return `lease waiver (${doc}; lease chain now ${deadCodes(m, a.leaseId, now).join(",") || "active"})`;
  if (a.via === "human") return `approved by ${a.approvers.join(", ")} (${doc})`;
  return `policy allow (${doc}${i.leaseId ? `; lease chain now ${deadCodes(m, i.leaseId, now).join(",") || "active"}` : ""})`;
}

export async function stepResult(ctx: Ctx, s: Extract<Spec, { t: "result" }>): Promise<boolean> {
  const { m, r } = ctx;
  const executing = m.intents.filter((i) => i.status === "executing");
  const regular = m.intents.filter((i) => i.kind === "regular");
  const pool = executing.length ? executing : regular;
  if (pool.length === 0) return false;
  const i = pool[s.pick % pool.length];
  const status = s.ok ? "succeeded" : "failed";
  const res = await call("POST", `/api/v1/intents/${i.id}/result`, { token: r.agentKeys[i.agent], body: { status, ...(s.ok ? { output: { ok: true } } : { error: "boom" }) } });
  no5xx(res, "POST /intents/{id}/result");
  log(ctx, `result ${label(ctx, i.id)} ${status} → ${brief(res)}`);
  if (i.status === "executing") {
    if (res.status !== 200 || res.body?.status !== status) throw new Violation("contract-result", `result of executing ${label(ctx, i.id)} answered ${brief(res)}`);
    i.status = status;
  } else if (res.status !== 409) {
    throw new Violation(res.status === 200 ? "result-without-execution" : "contract-result", `result of ${i.status} ${label(ctx, i.id)} answered ${brief(res)}, expected 409`);
  }
  return true;
}

export async function stepCancel(ctx: Ctx, s: Extract<Spec, { t: "cancel" }>): Promise<boolean> {
  const { m, r } = ctx;
  const pending = m.intents.filter((i) => i.status === "pending_approval");
  const pool = pending.length ? pending : m.intents;
  if (pool.length === 0) return false;
  const i = pool[s.pick % pool.length];
  const now = vnow(m);
  const res = await call("POST", `/api/v1/intents/${i.id}/cancel`, { token: r.agentKeys[i.agent], body: { reason: "changed my mind" } });
  no5xx(res, "POST /intents/{id}/cancel");
  log(ctx, `cancel ${label(ctx, i.id)} (${i.status}) → ${brief(res)}`);
  const open = openForApproval(i, now);
  // Past its deadline but not yet marked: cancelling it or refusing are both fine.
  const lapsed = i.status === "pending_approval" && slaState(i, now).expired;
  if (res.status === 200 && res.body?.status === "cancelled" && (open || lapsed)) {
    closeIntent(m, i, "cancelled");
    return true;
  }
  if (res.status === 409 && !open) {
    if (lapsed) closeIntent(m, i, "expired");
    return true;
  }
  throw new Violation(res.status === 200 ? "cancel-after-resolution" : "contract-cancel", `cancel of ${i.status} ${label(ctx, i.id)} answered ${brief(res)}`);
}
