// Writes a planned history in one transaction: the setup moved back in time, every table's rows
// in bulk (parents first; decisions log and events in time order, so their serial seq follows
// time), then the audit chain relinked from the genesis in time order.
import type pg from "pg";
import { pgPool } from "../../lib/db/client";
import { chainAuditEvents } from "../../lib/domain/audit/chain-audit-events";
import { writeAuditChain } from "./audit-chain";
import { type SetupTimes, backdateSetup } from "./backdate-setup";
import { insertRows } from "./bulk-insert";
import { type HistoryStore, byTime } from "./history-store";
import * as t from "./history-tables";

export interface WrittenHistory {
  intents: number;
  auditEvents: number;
}

export async function writeHistory(store: HistoryStore, setup: SetupTimes): Promise<WrittenHistory> {
  // The setup's events are still queued: chain them first (its own transaction), so they are the
  // chain's stored events that backdateSetup reads and relinks.
  await chainAuditEvents(store.orgId);
  const client = await pgPool().connect();
  try {
    await client.query("BEGIN");
    const setupEvents = await backdateSetup(client, store.orgId, setup);
    await insertRows(client, t.WEBHOOKS, store.webhooks);
    await insertRows(client, t.LEASES, store.leases);
    await insertRows(client, t.INTENTS, store.intents);
    await noteAgentsLastUsed(client, store.orgId);
    await insertRows(client, t.EXECUTION_TOKENS, store.executionTokens);
    await insertRows(client, t.APPROVALS, store.approvals);
    await insertRows(client, t.DECISION_LOGS, [...store.decisionLogs].sort(byTime).map((line) => line.value));
    await insertRows(client, t.SHADOW_HITS, store.shadowHits);
    await insertRows(client, t.REVIEWS, store.reviews);
    await insertRows(client, t.EVENTS, [...store.events].sort(byTime).map((event) => event.value));
    await insertRows(client, t.DELIVERIES, store.deliveries);
    await insertRows(client, t.ATTEMPTS, store.attempts);
    const auditEvents = await writeAuditChain(client, store.orgId, [...setupEvents, ...store.auditTrail], store.newId);
    await client.query("COMMIT");
    return { intents: store.intents.length, auditEvents };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The agents called the API for every proposal, execution and result: their last call is their last use. */
async function noteAgentsLastUsed(client: pg.PoolClient, orgId: string): Promise<void> {
  await client.query(
    `UPDATE agents a SET last_used_at = u.at
     FROM (SELECT agent_id, max(greatest(created_at, executed_at, completed_at)) AS at FROM intents WHERE org_id = $1 GROUP BY agent_id) u
     WHERE a.id = u.agent_id AND a.org_id = $1`,
    [orgId],
  );
}
