import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { hashPassword } from "../../../lib/auth/password";
import { inOrgTx } from "../../../lib/db/scoped";
import { issueUserToken } from "../../../lib/domain/auth/issue-user-token";
import { bootstrapOrg } from "../../../lib/domain/orgs/bootstrap-org";
import { newId } from "../../../lib/ids";
import type { Role } from "../../../lib/roles";
import { TEST_PASSWORD } from "../../factories/org";
import { call } from "../api";
import { type Session, registerPasskey, signIn } from "../passkeys";
import { SoftAuthenticator, type SoftCredential } from "../soft-authenticator";
import { sqlExec, sqlRows } from "../sql";
import type { MMember, Model } from "./guarantee-model";
import { DOCS, docYaml } from "./guarantee-policies";

/**
 * One organization per sequence: the bootstrap admin A0 (never demoted, so admin steps always have
 * an actor), five members, agent X owned by u1 (an approver) and agent Y owned by A0 (the default
 * owner: whoever created it), policy P0. Members get their token straight from the token table
 * (the same issueUserToken the login route uses) and share one pre-hashed password, so a sequence
 * costs one Argon2 hash (the bootstrap's) instead of one per member. Passkeys are registered
 * through the real routes the first time a member needs one.
 *
 * TIME. There is no injectable clock, so "time passes by D" moves every stored time of the org
 * (every timestamp column of every table with an org_id, except the hash-chained audit trail) D
 * into the past: to the app that is the org's clock moving on by D. The model's clock is the real
 * one plus the sum of those steps. Every duration the suite uses (SLAs, TTLs, lease ttls, steps)
 * is a whole number of 5 minutes, and a sequence runs for seconds, so the real time that passes
 * between two events only ever adds a few seconds to a whole number of 5-minute steps: an age the
 * model puts at or past a boundary is past it for the app too, and one it puts before is at least
 * 5 minutes short of it less those seconds. No boundary is ever a coin toss.
 */

/** The factory's password: tests/helpers/passkeys.ts re-proves it before registering a first passkey. */
export const PASSWORD = TEST_PASSWORD;
let passwordHash: Promise<string> | undefined;

export interface RealMember {
  token: string;
  session: Session;
  passkey?: { authenticator: SoftAuthenticator; credential: SoftCredential };
}

export interface Real {
  orgId: string;
  adminUserId: string;
  adminToken: string;
  members: Map<string, RealMember>;
  agentKeys: Record<"X" | "Y", string>;
  /** The snapshot PUT /policy answered for each document. */
  snapshots: Map<number, string>;
  /** What each step did, for the counterexample report. */
  log: string[];
}

export const INITIAL_ROLES: [string, Role][] = [
  ["u1", "approver"],
  ["u2", "approver"],
  ["u3", "publisher"],
  ["u4", "admin"],
  ["u5", "viewer"],
];

export const invitationsExist = () => existsSync(path.resolve(import.meta.dirname, "../../../app/api/v1/invitations/accept/route.ts"));

/** Whether the policy engine takes `separate_duties` yet (issue 14 is being built in parallel). */
export async function probeSeparateDuties(adminToken: string): Promise<boolean> {
  const res = await putPolicy(adminToken, docYaml(DOCS[0], true));
  return res.status === 200;
}

export function putPolicy(adminToken: string, yaml: string) {
  return call("PUT", "/api/v1/policy", { token: adminToken, rawBody: yaml, headers: { "content-type": "application/yaml" } });
}

/** A member row and its token, in one transaction (fixture only; the API path is the invitations command). */
export async function insertMember(orgId: string, email: string, role: Role): Promise<{ userId: string; token: string }> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  return inOrgTx(orgId, async (tx) => {
    const userId = newId("usr");
    // As accepting an invitation makes them: verified (an unverified account cannot sign in).
    await tx.user.create({ data: { id: userId, email, passwordHash: hash, emailVerifiedAt: new Date() } });
    await tx.membership.create({ data: { id: newId("mem"), orgId, userId, role } });
    const issued = await issueUserToken(tx, orgId, userId, "guarantee-suite");
    return { userId, token: issued.token };
  });
}

export async function createFixture(sodSupported: boolean): Promise<{ model: Model; real: Real }> {
  const suffix = randomUUID().slice(0, 8);
  const adminEmail = `a0-${suffix}@guarantee.test`;
  const boot = await bootstrapOrg({ org: `guarantee-${suffix}`, email: adminEmail, password: PASSWORD });
  const real: Real = { orgId: boot.org_id, adminUserId: boot.user_id, adminToken: boot.token, members: new Map(), agentKeys: { X: "", Y: "" }, snapshots: new Map(), log: [] };
  const members: MMember[] = [{ key: "A0", userId: boot.user_id, email: adminEmail, role: "admin", tokenAlive: true }];
  real.members.set(boot.user_id, { token: boot.token, session: await signIn({ userId: boot.user_id }, boot.org_id) });
  for (const [key, role] of INITIAL_ROLES) {
    const email = `${key}-${suffix}@guarantee.test`;
    const { userId, token } = await insertMember(boot.org_id, email, role);
    members.push({ key, userId, email, role, tokenAlive: true });
    real.members.set(userId, { token, session: await signIn({ userId }, boot.org_id) });
  }
  const owner = members[1].userId;
  const x = await call("POST", "/api/v1/agents", { token: boot.token, body: { name: `bot-x-${suffix}`, owner_id: owner } });
  const y = await call("POST", "/api/v1/agents", { token: boot.token, body: { name: `bot-y-${suffix}` } });
  if (x.status !== 201 || y.status !== 201) throw new Error(`agent creation failed: ${JSON.stringify([x.body, y.body])}`);
  real.agentKeys = { X: x.body.api_key, Y: y.body.api_key };
  const policy = await putPolicy(boot.token, docYaml(DOCS[0], sodSupported));
  if (policy.status !== 200) throw new Error(`PUT /policy P0 failed: ${JSON.stringify(policy.body)}`);
  real.snapshots.set(0, policy.body.snapshot);
  const model: Model = {
    shift: 0,
    doc: 0,
    sodSupported,
    members,
    agents: [
      // API.md: owner_id is "the member accountable for the agent, default the caller".
      { key: "X", id: x.body.id, name: x.body.name, ownerUserId: owner },
      { key: "Y", id: y.body.id, name: y.body.name, ownerUserId: boot.user_id },
    ],
    intents: [],
    leases: [],
    n: 0,
    invites: 0,
  };
  return { model, real };
}

/** The member's passkey, registered through the real routes the first time it is needed. */
export async function passkeyOf(real: Real, userId: string) {
  const m = real.members.get(userId);
  if (!m) throw new Error(`no member ${userId}`);
  if (!m.passkey) {
    const authenticator = new SoftAuthenticator();
    const { credential } = await registerPasskey(m.session, authenticator);
    m.passkey = { authenticator, credential };
  }
  return m.passkey;
}

// ---------------------------------------------------------------- time

let shiftStatements: Promise<string[]> | undefined;

/** Every timestamp column of every org-owned table but the audit chain's, discovered once from the schema. */
function discoverShiftStatements(): Promise<string[]> {
  shiftStatements ??= sqlRows<{ table_name: string; columns: string[] }>(
    `SELECT c.table_name::text AS table_name, array_agg(c.column_name::text ORDER BY c.column_name) AS columns
     FROM information_schema.columns c
     WHERE c.table_schema = current_schema() AND c.data_type LIKE 'timestamp%'
       AND c.table_name NOT IN ('audit_events', 'audit_pending', 'audit_heads', 'audit_checkpoints')
       AND EXISTS (SELECT 1 FROM information_schema.columns o
                   WHERE o.table_schema = c.table_schema AND o.table_name = c.table_name AND o.column_name = 'org_id')
     GROUP BY c.table_name`,
  ).then((rows) =>
    rows.map((r) => `UPDATE "${r.table_name}" SET ${r.columns.map((c) => `"${c}" = "${c}" - $2::interval`).join(", ")} WHERE org_id = $1`),
  );
  return shiftStatements;
}

/** The org's clock moves on by `ms`: its stored times move back by as much. */
export async function shiftOrgTime(orgId: string, ms: number): Promise<void> {
  const interval = `${Math.round(ms / 1000)} seconds`;
  for (const statement of await discoverShiftStatements()) await sqlExec(statement, orgId, interval);
}

// ---------------------------------------------------------------- what the database says

export interface DbIntent {
  id: string;
  status: string;
  action: string;
  lease_id: string | null;
  approvals: { u: string; d: string }[];
  used_tokens: number;
  executions: number;
}
export interface DbLease {
  id: string;
  status: string;
  capabilities: string[];
  ttl_seconds: number;
  expires_at: string | null;
  parent_lease_id: string | null;
}
export interface DbState {
  intents: DbIntent[];
  leases: DbLease[];
  members: { u: string; role: Role }[];
  snapshot: string | null;
}

/** The org's intents (with approvals and token use), leases, memberships and active policy, in one org-scoped query. */
export async function readDb(orgId: string): Promise<DbState> {
  const [row] = await sqlRows<DbState>(
    `SELECT
       COALESCE((SELECT json_agg(json_build_object(
          'id', i.id, 'status', i.status, 'action', i.action, 'lease_id', i.lease_id,
          'approvals', COALESCE((SELECT json_agg(json_build_object('u', a.user_id, 'd', a.decision) ORDER BY a.created_at, a.id)
                                 FROM approvals a WHERE a.org_id = $1 AND a.intent_id = i.id), '[]'::json),
          'used_tokens', (SELECT count(*) FROM execution_tokens t WHERE t.org_id = $1 AND t.intent_id = i.id AND t.used_at IS NOT NULL),
          'executions', (SELECT count(*) FROM decision_logs d WHERE d.org_id = $1 AND d.intent_id = i.id AND d.kind = 'execution')))
         FROM intents i WHERE i.org_id = $1), '[]'::json) AS intents,
       COALESCE((SELECT json_agg(json_build_object('id', l.id, 'status', l.status, 'capabilities', l.capabilities,
          'ttl_seconds', l.ttl_seconds, 'expires_at', l.expires_at, 'parent_lease_id', l.parent_lease_id))
         FROM leases l WHERE l.org_id = $1), '[]'::json) AS leases,
       COALESCE((SELECT json_agg(json_build_object('u', m.user_id, 'role', m.role)) FROM memberships m WHERE m.org_id = $1), '[]'::json) AS members,
       (SELECT p.snapshot FROM policy_versions p WHERE p.org_id = $1 ORDER BY p.version DESC LIMIT 1) AS snapshot`,
    orgId,
  );
  return row;
}
