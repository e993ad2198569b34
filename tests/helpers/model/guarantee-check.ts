import { type Ctx, Violation, label, memberName } from "./guarantee-context";
import { readDb } from "./guarantee-fixture";
import { type MLease, possibleStatuses, vnow } from "./guarantee-model";
import { utc } from "./guarantee-leases";

const EXECUTED = ["executing", "succeeded", "failed"];

function leaseStatuses(l: MLease, now: number): string[] {
  if (l.status !== "active") return [l.status];
  // Within the last 10 % of its time a lease shows expiring_soon; past its end it may not be marked yet.
  return l.expiresAt !== null && now >= l.expiresAt ? ["active", "expiring_soon", "expired"] : ["active", "expiring_soon"];
}

/**
 * After every step: the org's rows, read with SQL, against the model. The one promise — an
 * intent is executing (or later) only if the model saw an execute answered 200 that it could
 * justify — is the status check on executed rows; around it, every intent's status, every
 * approval row, single use of tokens, every lease's status and scope, every role and the active
 * policy must be what the model says (or, for timeouts nothing has noticed yet, what it may be).
 */
export async function checkDb(ctx: Ctx): Promise<void> {
  const { m, r } = ctx;
  const db = await readDb(r.orgId);
  const now = vnow(m);
  const seen = new Set<string>();
  for (const row of db.intents) {
    seen.add(row.id);
    const i = m.intents.find((x) => x.id === row.id);
    if (!i) throw new Violation(EXECUTED.includes(row.status) ? "executed-without-authority" : "unknown-intent", `the database holds an intent the model never saw: ${JSON.stringify(row)}`);
    const name = `${label(ctx, i.id)} (${i.action}@${i.stage})`;
    if (row.used_tokens > 1 || row.executions > 1) throw new Violation("token-reuse", `${name} executed ${row.executions} times, ${row.used_tokens} tokens used`);
    const allowed = possibleStatuses(i, now);
    if (!allowed.includes(row.status as never)) {
      const cls = EXECUTED.includes(row.status) && !EXECUTED.includes(i.status) ? "executed-without-authority"
        : row.status === "approved" && i.status === "pending_approval" ? "silent-approval"
        : "status-drift";
      throw new Violation(cls, `${name} is ${row.status} in the database; the model says ${allowed.join("|")}`);
    }
    if ((row.used_tokens === 1) !== i.tokenUsed) throw new Violation("status-drift", `${name}: token used in the database ${row.used_tokens}, in the model ${i.tokenUsed}`);
    const want = i.approvals.map((a) => `${memberName(ctx, a.userId)}:${a.decision}`).sort();
    const got = row.approvals.map((a) => `${memberName(ctx, a.u)}:${a.d}`).sort();
    if (JSON.stringify(want) !== JSON.stringify(got)) throw new Violation("approval-rows-drift", `${name}: approvals ${JSON.stringify(got)} in the database, ${JSON.stringify(want)} answered`);
  }
  for (const i of m.intents) if (!seen.has(i.id)) throw new Violation("status-drift", `${label(ctx, i.id)} is gone from the database`);

  for (const row of db.leases) {
    const l = m.leases.find((x) => x.id === row.id);
    if (!l) throw new Violation("unknown-lease", `the database holds a lease the model never saw: ${JSON.stringify(row)}`);
    const name = `lease ${label(ctx, l.id, "L")}`;
    const statuses = leaseStatuses(l, now);
    if (!statuses.includes(row.status)) {
      const cls = (row.status === "active" || row.status === "expiring_soon") ? "lease-revived" : "lease-drift";
      throw new Violation(cls, `${name} is ${row.status} in the database; the model says ${statuses.join("|")}`);
    }
    const scope = { caps: [...row.capabilities].sort(), ttl: row.ttl_seconds };
    const model = { caps: [...l.caps].sort(), ttl: l.ttlMs / 1000 };
    if (JSON.stringify(scope) !== JSON.stringify(model)) {
      throw new Violation("renewal-widened-without-approval", `${name} has scope ${JSON.stringify(scope)} in the database; approved scope is ${JSON.stringify(model)}`);
    }
    if (l.expiresAt !== null && l.status === "active") {
      const end = row.expires_at === null ? Number.POSITIVE_INFINITY : utc(row.expires_at) + m.shift;
      // The app stamps times during the request; the model at its start. A minute covers it (steps are 5 minutes).
      if (!(end >= l.expiresAt - 5_000 && end <= l.expiresAt + 60_000)) {
        throw new Violation(end > l.expiresAt ? "renewal-widened-without-approval" : "lease-drift", `${name} ends at ${row.expires_at} (+${Math.round((end - l.expiresAt) / 60_000)} min against the model)`);
      }
    }
  }
  for (const l of m.leases) if (!db.leases.some((row) => row.id === l.id)) throw new Violation("lease-drift", `lease ${label(ctx, l.id, "L")} is gone from the database`);

  const roles = new Map(db.members.map((x) => [x.u, x.role]));
  for (const x of m.members) {
    if ((roles.get(x.userId) ?? null) !== x.role) throw new Violation("member-drift", `${x.key} is ${roles.get(x.userId) ?? "no member"} in the database, ${x.role ?? "removed"} in the model`);
  }
  if (roles.size !== m.members.filter((x) => x.role !== null).length) throw new Violation("member-drift", `the database has ${roles.size} members`);
  if (db.snapshot !== r.snapshots.get(m.doc)) throw new Violation("policy-drift", `active snapshot ${db.snapshot}, the model's document is P${m.doc}`);
}
