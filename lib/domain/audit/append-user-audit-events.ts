import type { OrgTx } from "../../db/scoped";
import { type AuditInput, appendAuditEvent } from "./append-audit-event";

/** Any transaction (org-scoped or not) that can run raw SQL. */
type RawTx = Pick<OrgTx, "$queryRaw" | "$queryRawUnsafe">;

/**
 * Appends one event to the audit chain of every organization `userId` belongs to, inside the
 * caller's transaction: for changes to the person rather than to one org (a passkey works for
 * step-up in all of them, an OAuth identity signs in to all of them), so every org's admins see
 * it. Returns the org ids written to.
 */
export async function appendUserAuditEvents(tx: RawTx, userId: string, input: AuditInput): Promise<string[]> {
  // Raw SQL: memberships are tenant rows, and the caller's transaction is scoped to one org.
  const rows = await tx.$queryRaw<{ org_id: string }[]>`SELECT org_id FROM memberships WHERE user_id = ${userId} ORDER BY org_id`;
  // appendAuditEvent runs raw SQL naming its org, so any transaction will do, org-scoped or not.
  for (const { org_id } of rows) await appendAuditEvent(tx as OrgTx, org_id, input);
  return rows.map((r) => r.org_id);
}
