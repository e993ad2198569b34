import { type OrgTx, rowKey } from "../../db/scoped";
import { scopeColumns } from "./lease-chain";
import type { LeaseScope } from "./lease-scope";
import { scopeJson } from "./scope-json";

/**
 * Puts a scope into force from now until `expiresAt` and remembers it as the last approved one
 * (the renewal ceremony's "what changed since"). The lease is active again, its clock restarted.
 */
export async function applyScope(tx: OrgTx, orgId: string, leaseId: string, scope: LeaseScope, expiresAt: Date): Promise<void> {
  await tx.lease.update({
    where: rowKey(orgId, leaseId),
    data: { status: "active", ...scopeColumns(scope), expiresAt, expiringNotifiedAt: null, approvedScope: scopeJson(scope) },
  });
}
