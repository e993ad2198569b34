import type { OrgTx } from "../../db/scoped";
import { notFound } from "../../errors";
import type { RequestContext } from "../request-context";

/**
 * Locks the org's webhook row for the rest of the transaction, or 404s. Concurrent changes to one
 * webhook then run one after the other, and one racing a delete finds it gone.
 */
export async function lockWebhook(ctx: RequestContext, tx: OrgTx, webhookId: string): Promise<void> {
  const rows = await ctx.sql((p) => `SELECT id FROM webhooks WHERE id = ${p.add(webhookId)} AND org_id = ${p.org} FOR UPDATE`, tx);
  if (rows.length === 0) throw notFound("Webhook");
}
