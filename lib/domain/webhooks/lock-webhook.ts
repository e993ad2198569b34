import type { OrgTx } from "../../db/scoped";
import { notFound } from "../../errors";

/**
 * Locks the org's webhook row for the rest of the transaction, or 404s. Concurrent changes to one
 * webhook then run one after the other, and one racing a delete finds it gone. Raw SQL is not
 * scoped by orgDb, hence org_id here.
 */
export async function lockWebhook(tx: OrgTx, orgId: string, webhookId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM webhooks WHERE id = ${webhookId} AND org_id = ${orgId} FOR UPDATE`;
  if (rows.length === 0) throw notFound("Webhook");
}
