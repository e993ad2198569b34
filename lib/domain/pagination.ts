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
