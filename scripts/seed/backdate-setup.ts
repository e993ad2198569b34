// The org was just set up through the domain functions (bootstrap, members, policies, agents), all
// stamped "now". A history of the past 30 days must come after its setup in the audit chain and in
// time, so the setup is moved back to before the history: its rows' created_at and its audit
// events' times (the trial policy's publication to the moment it happens in the story). The chain
// is then relinked in time order by audit-chain.ts.
import type pg from "pg";
import type { ChainEntry } from "./audit-chain";

export interface SetupTimes {
  /** Where the setup's first event moves to; the others keep their spacing after it. */
  setupAt: number;
  /** The trial policy (identified by its snapshot) is published at trialAt instead. */
  trialAt: number;
  trialSnapshot: string;
}

interface StoredEvent {
  id: string;
  at_ms: string;
  actor_type: string;
  actor_id: string | null;
  type: string;
  subject_type: string;
  subject_id: string;
  data: Record<string, unknown>;
}

/** Backdates the setup (in the caller's transaction) and returns its audit events as chain entries. */
export async function backdateSetup(client: pg.PoolClient, orgId: string, times: SetupTimes): Promise<ChainEntry[]> {
  // Held until commit: nothing else appends to the chain while it is rebuilt.
  await client.query("SELECT seq FROM audit_heads WHERE org_id = $1 FOR UPDATE", [orgId]);
  await assertOnlySetup(client, orgId);
  // Times are read as epoch milliseconds: pg would read a timestamp without time zone in the local zone.
  const { rows } = await client.query<StoredEvent>(
    `SELECT id, round(extract(epoch FROM at) * 1000)::bigint AS at_ms, actor_type, actor_id, type, subject_type, subject_id, data
     FROM audit_events WHERE org_id = $1 ORDER BY seq`,
    [orgId],
  );
  const firstAt = Number(rows[0].at_ms);
  const shiftMs = times.setupAt - firstAt;
  await shiftCreatedAt(client, orgId, shiftMs, firstAt, times);
  const isTrial = (event: StoredEvent) => event.type === "policy.updated" && event.subject_id === times.trialSnapshot;
  return rows.map((event, i) => ({
    at: isTrial(event) ? times.trialAt : Number(event.at_ms) + shiftMs,
    // Before anything of the history recorded at the same millisecond.
    order: i - rows.length,
    existingId: event.id,
    value: {
      actor: { type: event.actor_type, id: event.actor_id },
      type: event.type,
      subject: { type: event.subject_type, id: event.subject_id },
      data: event.data,
    },
  }));
}

/** The history goes into a freshly set up org: no intents, events or counted metric days yet. */
async function assertOnlySetup(client: pg.PoolClient, orgId: string): Promise<void> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM intents WHERE org_id = $1) + (SELECT count(*) FROM events WHERE org_id = $1)
       + (SELECT count(*) FROM metric_sealed_days WHERE org_id = $1) + (SELECT count(*) FROM leases WHERE org_id = $1)
       + (SELECT count(*) FROM webhooks WHERE org_id = $1) AS n`,
    [orgId],
  );
  if (Number(rows[0].n) > 0) throw new Error("The demo history can only be written into a freshly set up organization");
}

async function shiftCreatedAt(client: pg.PoolClient, orgId: string, shiftMs: number, firstAt: number, times: SetupTimes): Promise<void> {
  const shifted = "created_at + $2::float8 * interval '1 millisecond'";
  await client.query(`UPDATE organizations SET created_at = ${shifted} WHERE id = $1`, [orgId, shiftMs]);
  for (const table of ["memberships", "api_tokens", "agents"]) {
    await client.query(`UPDATE ${table} SET created_at = ${shifted} WHERE org_id = $1`, [orgId, shiftMs]);
  }
  // Users are global: only the accounts this setup created move.
  await client.query(
    `UPDATE users SET created_at = ${shifted}
     WHERE id IN (SELECT user_id FROM memberships WHERE org_id = $1) AND created_at >= to_timestamp($3::float8 / 1000) AT TIME ZONE 'UTC' - interval '1 minute'`,
    [orgId, shiftMs, firstAt],
  );
  await client.query(
    `UPDATE policy_versions SET created_at = CASE WHEN snapshot = $3 THEN to_timestamp($4::float8 / 1000) AT TIME ZONE 'UTC' ELSE ${shifted} END
     WHERE org_id = $1`,
    [orgId, shiftMs, times.trialSnapshot, times.trialAt],
  );
}
