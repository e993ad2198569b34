import { validationFailed } from "../errors";

export interface Page {
  limit: number;
  cursor?: string;
}

/**
 * Turns `limit + 1` fetched rows into the contract's list shape: the extra row only says that
 * another page exists, and the cursor is the last returned row's key.
 */
export function pageOf<Row, Item>(rows: Row[], limit: number, keyOf: (row: Row) => string, toItem: (row: Row) => Item) {
  const pageRows = rows.slice(0, limit);
  const hasMore = rows.length > limit;
  return {
    items: pageRows.map(toItem),
    next_cursor: hasMore && pageRows.length > 0 ? keyOf(pageRows[pageRows.length - 1]) : null,
  };
}

const MAX_INT4 = 2_147_483_647;

/**
 * A cursor that is a sequence number or an offset: plain digits within PostgreSQL's integer
 * range. Anything else was not issued by us and is refused, rather than read as 0 (the first
 * page again) or passed on to overflow the query.
 */
export function intCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const value = /^\d{1,10}$/.test(cursor) ? Number(cursor) : Number.NaN;
  if (!(value <= MAX_INT4)) throw validationFailed([{ path: ["cursor"], message: "invalid cursor" }]);
  return value;
}
