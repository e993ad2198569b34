import type { OrgTx } from "./scoped";

/** Serializes transactions that share `key` until they commit (a transaction-scoped advisory lock). */
export async function lockKey(tx: Pick<OrgTx, "$executeRaw">, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
}
