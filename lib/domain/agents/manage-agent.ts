import { registerCredential, retireCredential } from "../../auth/credential-hashes";
import { mintToken } from "../../auth/secret-token";
import { type OrgTx, rowKey } from "../../db/scoped";
import { notFound } from "../../errors";
import { type Page, pageOf } from "../pagination";
import { appendAuditEvent } from "../audit/append-audit-event";
import type { RequestContext, UserContext } from "../request-context";
import { serializeAgent } from "./serialize-agent";

export async function listAgents(ctx: RequestContext, page: Page) {
  const rows = await ctx.db.agent.findMany({
    where: { deletedAt: null, ...(page.cursor ? { id: { gt: page.cursor } } : {}) },
    orderBy: { id: "asc" },
    take: page.limit + 1,
  });
  return pageOf(rows, page.limit, (a) => a.id, serializeAgent);
}

/** POST /agents/{id}/rotate: a new key; the old one stops working in the same commit. */
export async function rotateAgentKey(ctx: UserContext, agentId: string) {
  const key = mintToken("agent");
  return ctx.tx(async (tx) => {
    await retireCredential(tx, await lockLiveAgent(ctx, tx, agentId));
    const agent = await tx.agent.update({ where: rowKey(ctx.orgId, agentId), data: { keyHash: key.hash, keySuffix: key.suffix } });
    await registerCredential(tx, ctx.orgId, "agent", key.hash);
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "agent.key_rotated",
      subject: { type: "agent", id: agentId },
      data: {},
    });
    return { ...serializeAgent(agent), api_key: key.token };
  });
}

/** DELETE /agents/{id}: the key dies at once; the row stays so its intents keep their history. */
export async function deleteAgent(ctx: UserContext, agentId: string) {
  return ctx.tx(async (tx) => {
    await retireCredential(tx, await lockLiveAgent(ctx, tx, agentId));
    await tx.agent.update({ where: rowKey(ctx.orgId, agentId), data: { keyHash: null, deletedAt: new Date() } });
    await appendAuditEvent(tx, ctx.orgId, {
      actor: ctx.actor,
      type: "agent.deleted",
      subject: { type: "agent", id: agentId },
      data: {},
    });
    return { id: agentId, deleted: true as const };
  });
}

/**
 * Locks the live agent's row for the rest of the transaction. A rotate or delete racing a delete
 * then waits for it and finds the agent gone (404), instead of deleting it twice or handing out
 * a key for a deleted agent. Returns the hash of its current key.
 */
async function lockLiveAgent(ctx: UserContext, tx: OrgTx, agentId: string): Promise<string | null> {
  const rows = await ctx.sql<{ key_hash: string | null }>(
    (p) => `SELECT key_hash FROM agents WHERE id = ${p.add(agentId)} AND org_id = ${p.org} AND deleted_at IS NULL FOR UPDATE`,
    tx,
  );
  if (rows.length === 0) throw notFound("Agent");
  return rows[0].key_hash;
}
