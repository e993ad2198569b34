import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Upgrading a database that already holds data: the org-leading keys migration rebuilds primary and
// foreign keys and fills credential_hashes from the credentials already stored. Without that backfill
// every existing agent key, personal token and invitation would stop working at the upgrade. This
// applies the migrations before it to a database of its own, writes rows as the older schema had
// them, then applies it, the way `prisma migrate deploy` would.

const DIR = join(__dirname, "../../prisma/migrations");
const UPGRADE = "20261207000400_org_leading_keys";
const server = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const name = `tollgate_upgrade_${Date.now()}_${process.pid}`;
let client: pg.Client;

const migrations = readdirSync(DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const apply = (migration: string) => client.query(readFileSync(join(DIR, migration, "migration.sql"), "utf8"));
const rows = async (sql: string) => (await client.query(sql)).rows;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  for (const migration of migrations.slice(0, migrations.indexOf(UPGRADE))) await apply(migration);
});

afterAll(async () => {
  await client?.end();
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe(`migration ${UPGRADE} on a database with data`, () => {
  it("keeps every row, registers each stored credential with its org, and keeps references within the org", async () => {
    expect(migrations).toContain(UPGRADE);
    await client.query(`
      INSERT INTO organizations (id, name) VALUES ('org_a', 'A'), ('org_b', 'B');
      INSERT INTO users (id, email, password_hash) VALUES ('usr_1', 'a@example.test', 'h');
      INSERT INTO memberships (id, org_id, user_id, role) VALUES ('mem_1', 'org_a', 'usr_1', 'admin');
      INSERT INTO agents (id, org_id, name, key_hash, key_suffix) VALUES
        ('agt_1', 'org_a', 'bot', 'key-a', 'x'), ('agt_2', 'org_b', 'bot', 'key-b', 'y'), ('agt_3', 'org_a', 'deleted', NULL, 'z');
      INSERT INTO api_tokens (id, org_id, user_id, name, token_hash, suffix) VALUES ('pat_1', 'org_a', 'usr_1', 't', 'token-a', 's');
      INSERT INTO invitations (id, org_id, email, role, token_hash, invited_by_id, expires_at)
        VALUES ('inv_1', 'org_a', 'b@example.test', 'viewer', 'invite-a', 'usr_1', now() + interval '1 day');
      INSERT INTO leases (id, org_id, agent_id, status, capabilities, destinations, ttl_seconds) VALUES ('lea_1', 'org_a', 'agt_1', 'active', '{x}', '{}', 60);
      INSERT INTO intents (id, org_id, agent_id, status, action, stage, risk_tags, payload, payload_hash, outcome, reason, reason_code,
          policy_snapshot, approvals_required, approver_role, step_up_required, lease_id)
        VALUES ('int_1', 'org_a', 'agt_1', 'allowed', 'x', 'run', '{}', '{}', 'h', 'allow', 'r', 'c', 's', 0, 'approver', false, 'lea_1');
      INSERT INTO execution_tokens (id, org_id, intent_id, token_hash, payload_hash, policy_snapshot, expires_at)
        VALUES ('ext_1', 'org_a', 'int_1', 'exec-a', 'h', 's', now());`);

    await apply(UPGRADE);

    expect(await rows("SELECT hash, org_id, kind FROM credential_hashes ORDER BY hash")).toEqual([
      { hash: "invite-a", org_id: "org_a", kind: "invitation" },
      { hash: "key-a", org_id: "org_a", kind: "agent" },
      { hash: "key-b", org_id: "org_b", kind: "agent" },
      { hash: "token-a", org_id: "org_a", kind: "user_token" },
    ]);
    expect(await rows("SELECT id, org_id, lease_id FROM intents")).toEqual([{ id: "int_1", org_id: "org_a", lease_id: "lea_1" }]);
    // After the upgrade a row cannot name another org's row …
    await expect(client.query(`INSERT INTO execution_tokens (id, org_id, intent_id, token_hash, payload_hash, policy_snapshot, expires_at)
      VALUES ('ext_2', 'org_b', 'int_1', 'exec-b', 'h', 's', now())`)).rejects.toThrow(/execution_tokens_org_id_intent_id_fkey/);
    // … a lease going nulls only its intents' lease_id, and an organization going takes all its rows.
    await client.query("DELETE FROM leases WHERE id = 'lea_1'");
    expect(await rows("SELECT org_id, lease_id FROM intents")).toEqual([{ org_id: "org_a", lease_id: null }]);
    await client.query("DELETE FROM organizations WHERE id = 'org_a'");
    expect(await rows("SELECT count(*)::int AS n FROM intents")).toEqual([{ n: 0 }]);
    expect(await rows("SELECT hash FROM credential_hashes")).toEqual([{ hash: "key-b" }]);
  });
});
