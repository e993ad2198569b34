import { db } from "../db/client";
import type { OrgTx } from "../db/scoped";

/** What a bearer credential is; credential_hashes keeps its hash unique across every organization. */
export type CredentialKind = "agent" | "user_token" | "invitation";

// credential_hashes (prisma/schema.prisma, CredentialHash) names the organization of each stored
// credential hash: authentication starts there, before it knows the org, while every tenant table
// is keyed by (org_id, …). Rows are written and removed in the transaction that stores or retires
// the credential itself, so the two never disagree.

export async function registerCredential(tx: OrgTx, orgId: string, kind: CredentialKind, hash: string): Promise<void> {
  await tx.credentialHash.create({ data: { hash, orgId, kind } });
}

export async function retireCredential(tx: OrgTx, hash: string | null): Promise<void> {
  if (hash) await tx.credentialHash.deleteMany({ where: { hash } });
}

/** The organization a credential of `kind` with this hash belongs to, or null. Unscoped by design. */
export async function credentialOrg(kind: CredentialKind, hash: string): Promise<string | null> {
  const row = await db().credentialHash.findUnique({ where: { hash }, select: { orgId: true, kind: true } });
  return row?.kind === kind ? row.orgId : null;
}
