import { type OrgTx, orgDb } from "../../db/scoped";
import { type CompiledPolicy, type PolicyDocument, compilePolicy, validatePolicy } from "../../policy";

export interface ActivePolicy {
  snapshot: string;
  version: number;
  compiled: CompiledPolicy | null;
}

/** Snapshots are content addresses, so a compiled policy never goes stale: cache by snapshot. */
const compiledBySnapshot = new Map<string, CompiledPolicy | null>();
const CACHE_LIMIT = 500;

/** "No policy" is a real state: the engine then fails closed (require_approval). */
export const NO_POLICY_SNAPSHOT = "sha256:none";

/**
 * The org's current policy (the highest version), compiled once per snapshot per process.
 * Reads through the caller's transaction when given one, so a decision and the snapshot it
 * records come from the same view of the database.
 */
export async function activePolicy(orgId: string, tx?: OrgTx): Promise<ActivePolicy> {
  const client = tx ?? orgDb(orgId);
  const latest = await client.policyVersion.findFirst({
    orderBy: { version: "desc" },
    select: { id: true, snapshot: true, version: true },
  });
  if (!latest) return { snapshot: NO_POLICY_SNAPSHOT, version: 0, compiled: null };
  if (!compiledBySnapshot.has(latest.snapshot)) {
    const row = await client.policyVersion.findFirstOrThrow({ where: { id: latest.id }, select: { document: true } });
    remember(latest.snapshot, compileStored(row.document));
  }
  return { snapshot: latest.snapshot, version: latest.version, compiled: compiledBySnapshot.get(latest.snapshot) ?? null };
}

/** A stored document that no longer validates (say, after an engine upgrade) compiles to null: fail closed. */
export function compileStored(document: unknown): CompiledPolicy | null {
  const checked = validatePolicy(document);
  return checked.ok ? compilePolicy(checked.document as PolicyDocument) : null;
}

function remember(snapshot: string, compiled: CompiledPolicy | null) {
  if (compiledBySnapshot.size >= CACHE_LIMIT) {
    const oldest = compiledBySnapshot.keys().next().value;
    if (oldest !== undefined) compiledBySnapshot.delete(oldest);
  }
  compiledBySnapshot.set(snapshot, compiled);
}
