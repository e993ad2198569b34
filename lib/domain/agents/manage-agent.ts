import type { UserPrincipal } from "../../auth/principal";
import { mintToken } from "../../auth/secret-token";
import { type OrgTx, inOrgTx, orgDb } from "../../db/scoped";
import { notFound } from "../../errors";
import { type Page, pageOf } from "../pagination";
import { appendAuditEvent } from "../audit/append-audit-event";
import { serializeAgent } from "./serialize-agent";

export async function listAgents(orgId: string, page: Page) {
  const rows = await orgDb(orgId).agent.findMany({
    where: { deletedAt: null, ...(page.cursor ? { id: { gt: page.cursor } } : {}) },
    orderBy: { id: "asc" },
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit, (a) => a.id, serializeAgent);
}

/** POST /agents/{id}/rotate: a new key; the old one stops working in the same commit. */
export async function rotateAgentKey(auth: UserPrincipal, agentId: string) {
  const key = mintToken("agent");
  return inOrgTx(auth.orgId, async (tx) => {
    await lockLiveAgent(tx, auth.orgId, agentId);
    const agent = await tx.agent.update({ where: { id: agentId }, data: { keyHash: key.hash, keySuffix: key.suffix } });
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "agent.key_rotated",
      subject: { type: "agent", id: agentId },
      data: {},
    });
    return { ...serializeAgent(agent), api_key: key.token };
  });
}

/** DELETE /agents/{id}: the key dies at once; the row stays so its intents keep their history. */
export async function deleteAgent(auth: UserPrincipal, agentId: string) {
  return inOrgTx(auth.orgId, async (tx) => {
    await lockLiveAgent(tx, auth.orgId, agentId);
    await tx.agent.update({ where: { id: agentId }, data: { keyHash: null, deletedAt: new Date() } });
    await appendAuditEvent(tx, auth.orgId, {
      actor: { type: "user", id: auth.userId },
      type: "agent.deleted",
      subject: { type: "agent", id: agentId },
      data: {},
    });
    return { id: agentId, deleted: true };
  });
}

/**
 * Locks the live agent's row for the rest of the transaction. A rotate or delete racing a delete
 * then waits for it and finds the agent gone (404), instead of deleting it twice or handing out
 * a key for a deleted agent. Raw SQL is not scoped by orgDb, hence org_id here.
 */
async function lockLiveAgent(tx: OrgTx, orgId: string, agentId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM agents WHERE id = ${agentId} AND org_id = ${orgId} AND deleted_at IS NULL FOR UPDATE`;
  if (rows.length === 0) throw notFound("Agent");
}
