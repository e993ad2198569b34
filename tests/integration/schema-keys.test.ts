import { describe, expect, it } from "vitest";
import { hashToken } from "../../lib/auth/secret-token";
import { tokenOfAcceptUrl } from "../../lib/domain/members/invitation-link";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { sqlExec, sqlRows } from "../helpers/sql";

// Every tenant table (one with org_id) keys its rows by organization first, so a sharded
// PostgreSQL (Citus) can distribute each by org_id: it needs every primary key, unique key and
// foreign key between distributed tables to include the distribution column. This reads the
// migrated schema itself, so a table or key added later without org_id in front fails here.

/** Tables without org_id, each on purpose (docs/scale-out.md: reference tables under Citus). */
const GLOBAL_TABLES = new Set([
  "_prisma_migrations",
  "organizations", // the tenants themselves
  "users", // one account across organizations
  "user_identities",
  "passkeys",
  "webauthn_challenges",
  "signing_keys", // one key set per instance set
  "rate_limit_counters", // keyed by caller, before any org is known
  "password_resets", // a person's account, across organizations
  "account_mails", // mails to a person about their account
  "email_verifications", // a signed-up account, before it has any organization
]);
/** Tables with org_id that are not distributed by it: the lookup from a credential to its organization. */
const REFERENCE_TABLES = new Set(["credential_hashes"]);

interface Key {
  table: string;
  name: string;
  kind: "primary" | "unique" | "foreign";
  columns: string[];
  referenced: string | null;
  referencedColumns: string[];
}

async function tables(): Promise<{ table: string; hasOrg: boolean }[]> {
  return sqlRows(
    `SELECT c.relname::text AS table, EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND NOT a.attisdropped) AS "hasOrg"
     FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
}

/** Primary keys, unique constraints, unique indexes (partial ones too) and foreign keys, with their columns in key order. */
async function keys(): Promise<Key[]> {
  return sqlRows(
    `SELECT t.relname::text AS table, k.conname::text AS name,
        CASE k.contype WHEN 'p' THEN 'primary' WHEN 'u' THEN 'unique' ELSE 'foreign' END AS kind,
        ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS columns,
        r.relname::text AS referenced,
        ARRAY(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i) AS "referencedColumns"
     FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid LEFT JOIN pg_class r ON r.oid = k.confrelid
     WHERE k.connamespace = 'public'::regnamespace AND k.contype IN ('p', 'u', 'f')
     UNION ALL
     SELECT t.relname::text, x.relname::text, 'unique',
        ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n ORDER BY u.o),
        NULL, ARRAY[]::text[]
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid
     WHERE t.relnamespace = 'public'::regnamespace AND i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
  );
}

describe("schema: keys lead with org_id", () => {
  it("knows every table: a new one is a tenant table (has org_id) or is named here as global", async () => {
    const unknown = (await tables()).filter((t) => !t.hasOrg && !GLOBAL_TABLES.has(t.table)).map((t) => t.table);
    expect(unknown).toEqual([]);
    // and the lists name only tables that exist, as they are described
    const byName = new Map((await tables()).map((t) => [t.table, t.hasOrg]));
    for (const name of GLOBAL_TABLES) expect(byName.get(name), name).toBe(false);
    for (const name of REFERENCE_TABLES) expect(byName.get(name), name).toBe(true);
  });

  it("every tenant table has a primary key, and its primary and unique keys lead with org_id", async () => {
    const tenant = (await tables()).filter((t) => t.hasOrg && !REFERENCE_TABLES.has(t.table)).map((t) => t.table);
    expect(tenant.length).toBeGreaterThanOrEqual(20);
    const all = await keys();
    const withoutPrimary = tenant.filter((table) => !all.some((k) => k.table === table && k.kind === "primary"));
    expect(withoutPrimary).toEqual([]);
    const offending = all
      .filter((k) => tenant.includes(k.table) && k.kind !== "foreign" && k.columns[0] !== "org_id")
      .map((k) => `${k.table}.${k.name} (${k.columns.join(", ")})`);
    expect(offending).toEqual([]);
  });

  it("every foreign key between tenant tables carries org_id to org_id (an organization's rows reference only its own)", async () => {
    const tenant = new Set((await tables()).filter((t) => t.hasOrg && !REFERENCE_TABLES.has(t.table)).map((t) => t.table));
    const between = (await keys()).filter((k) => k.kind === "foreign" && tenant.has(k.table) && k.referenced !== null && tenant.has(k.referenced));
    expect(between.length).toBeGreaterThanOrEqual(11);
    const offending = between
      .filter((k) => k.columns[0] !== "org_id" || k.referencedColumns[0] !== "org_id")
      .map((k) => `${k.table}.${k.name} (${k.columns.join(", ")}) → ${k.referenced} (${k.referencedColumns.join(", ")})`);
    expect(offending).toEqual([]);
  });

  it("a row cannot point at another organization's row, even with a valid id", async () => {
    const a = await createTestOrg();
    const b = await createTestOrg();
    const insertIntent = (id: string, agentId: string) =>
      sqlExec(
        `INSERT INTO intents (id, org_id, agent_id, status, action, stage, risk_tags, payload, payload_hash, outcome, reason, reason_code, policy_snapshot, approvals_required, approver_role, step_up_required)
         VALUES ($3, $1, $2, 'allowed', 'x', 'run', '{}', '{}', 'sha256:x', 'allow', 'r', 'c', 'sha256:p', 0, 'approver', false)`,
        a.orgId,
        agentId,
        id,
      );
    // The row itself is fine with org A's own agent …
    expect(await insertIntent(`int_own_${a.orgId}`, (await a.agent()).id)).toBe(1);
    // … and refused naming org B's agent: the composite foreign key holds it.
    await expect(insertIntent(`int_cross_${a.orgId}`, (await b.agent()).id)).rejects.toThrow(/intents_org_id_agent_id_fkey/);
  });
});

describe("credential hashes: authentication finds the organization first", () => {
  it("records each credential's hash with its organization, and drops it when the key is rotated or deleted", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    const member = await org.user("approver");
    const kinds = async (hashes: string[]) =>
      sqlRows<{ hash: string; org_id: string; kind: string }>("SELECT hash, org_id, kind FROM credential_hashes WHERE hash = ANY($1) ORDER BY kind, hash", hashes);
    expect(await kinds([hashToken(agent.key), hashToken(member.token), hashToken(org.admin.token)])).toEqual(
      [
        { hash: hashToken(agent.key), org_id: org.orgId, kind: "agent" },
        { hash: hashToken(member.token), org_id: org.orgId, kind: "user_token" },
        { hash: hashToken(org.admin.token), org_id: org.orgId, kind: "user_token" },
      ].sort((x, y) => x.kind.localeCompare(y.kind) || (x.hash < y.hash ? -1 : 1)),
    );

    const rotated = await call("POST", `/api/v1/agents/${agent.id}/rotate`, { token: org.admin.token });
    expect(rotated.status).toBe(200);
    expect(await kinds([hashToken(agent.key)])).toEqual([]);
    expect(await kinds([hashToken(rotated.body.api_key)])).toEqual([{ hash: hashToken(rotated.body.api_key), org_id: org.orgId, kind: "agent" }]);
    expect((await call("GET", "/api/v1/me", { token: rotated.body.api_key })).status).toBe(200);

    expect((await call("DELETE", `/api/v1/agents/${agent.id}`, { token: org.admin.token })).status).toBe(200);
    expect(await kinds([hashToken(rotated.body.api_key)])).toEqual([]);
  });

  it("a key whose hash row names another organization, or has no row, or the wrong kind, is refused (401)", async () => {
    const a = await createTestOrg();
    const b = await createTestOrg();
    const agent = await a.agent();
    const me = async () => (await call("GET", "/api/v1/me", { token: agent.key })).status;
    expect(await me()).toBe(200);

    // Someone with write access re-points the hash at another org: the agent row is not found there.
    await sqlExec("UPDATE credential_hashes SET org_id = $2 WHERE hash = $1", hashToken(agent.key), b.orgId);
    expect(await me()).toBe(401);
    // Pointed back but marked as a member token: an agent key is never read as another kind.
    await sqlExec("UPDATE credential_hashes SET org_id = $2, kind = 'user_token' WHERE hash = $1", hashToken(agent.key), a.orgId);
    expect(await me()).toBe(401);
    // No row at all: the key authenticates nothing.
    await sqlExec("DELETE FROM credential_hashes WHERE hash = $1", hashToken(agent.key));
    expect(await me()).toBe(401);

    const member = await a.user("viewer");
    await sqlExec("DELETE FROM credential_hashes WHERE hash = $1", hashToken(member.token));
    expect((await call("GET", "/api/v1/me", { token: member.token })).status).toBe(401);
  });

  it("an invitation is found through its hash's organization, and only there", async () => {
    const a = await createTestOrg();
    const invited = await call("POST", "/api/v1/members", { token: a.admin.token, body: { email: `inv-${Date.now()}@example.test`, role: "viewer" } });
    expect(invited.status).toBe(201);
    const token = tokenOfAcceptUrl(invited.body.accept_url);
    const b = await createTestOrg();
    await sqlExec("UPDATE credential_hashes SET org_id = $2 WHERE kind = 'invitation' AND org_id = $1", a.orgId, b.orgId);
    const accept = await call("POST", "/api/v1/invitations/accept", { body: { token, password: "correct horse battery staple" } });
    expect(accept.status).toBe(410);
    expect(accept.body.error.code).toBe("invitation_invalid");
    // Pointed back, the same link works: the refusal was the hash's organization and nothing else.
    await sqlExec("UPDATE credential_hashes SET org_id = $1 WHERE kind = 'invitation' AND org_id = $2", a.orgId, b.orgId);
    const again = await call("POST", "/api/v1/invitations/accept", { body: { token, password: "correct horse battery staple" } });
    expect(again.status).toBe(201);
  });
});
