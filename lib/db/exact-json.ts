import { canonicalJson } from "../canonical-json";
import { Prisma } from "../generated/prisma/client";
import type { OrgTx } from "./scoped";

/**
 * Prisma 6.19 rounds doubles with 17 significant digits when it writes Json columns
 * (0.30000000000000004 is stored as 0.3). Where the stored JSON must be exactly what was
 * submitted and hashed, the column is (re)written here from canonical JSON text cast to jsonb.
 */
const EXACT_COLUMNS = {
  intents: ["payload", "summary", "context", "result_output"],
  policy_versions: ["document"],
} as const;

/**
 * Columns that hold any JSON value and are NOT NULL: a null written there is JSON null (an
 * intent's payload may be any JSON value, null included), not SQL NULL, which the column refuses.
 */
const JSON_VALUE_COLUMNS: ReadonlySet<string> = new Set(["payload", "document"]);

type Table = keyof typeof EXACT_COLUMNS;
type Column<T extends Table> = (typeof EXACT_COLUMNS)[T][number];

export async function writeExactJson<T extends Table>(
  tx: OrgTx,
  table: T,
  key: { orgId: string; id: string },
  values: Partial<Record<Column<T>, unknown>>,
): Promise<void> {
  const allowed: readonly string[] = EXACT_COLUMNS[table];
  const assignments = Object.entries(values)
    .filter(([column, value]) => allowed.includes(column) && value !== undefined)
    .map(([column, value]) =>
      value === null && !JSON_VALUE_COLUMNS.has(column)
        ? Prisma.sql`${Prisma.raw(`"${column}"`)} = NULL`
        : Prisma.sql`${Prisma.raw(`"${column}"`)} = ${canonicalJson(value)}::jsonb`,
    );
  if (assignments.length === 0) return;
  await tx.$executeRaw`
    UPDATE ${Prisma.raw(`"${table}"`)} SET ${Prisma.join(assignments, ", ")}
    WHERE id = ${key.id} AND org_id = ${key.orgId}`;
}
