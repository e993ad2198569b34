import { orgDb } from "../../db/scoped";
import { notFound } from "../../errors";

/** One saved version of the org's policy, with its source text as it was submitted. */
export async function getPolicyVersion(orgId: string, version: number) {
  const row = Number.isInteger(version) && version >= 1 && version <= 2_147_483_647 ? await orgDb(orgId).policyVersion.findFirst({ where: { version } }) : null;
  if (!row) throw notFound(`Policy version ${version}`);
  return {
    version: row.version,
    snapshot: row.snapshot,
    format: row.format,
    source: row.source,
    rules: row.rulesCount,
    created_by: row.createdById,
    created_at: row.createdAt.toISOString(),
  };
}
