import { createHash } from "node:crypto";
import { bytesToBase62 } from "../../lib/ids";

/**
 * Ids shaped like newId's (`int_` + 20 base62 characters), derived from the org id and a counter:
 * the same org gets the same ids (so the id-derived review sample is reproducible too), and
 * another org's history can never collide with it.
 */
export function historyIds(orgId: string): (prefix: string) => string {
  let n = 0;
  return (prefix) => {
    const digest = createHash("sha256").update(`${orgId}:${n++}`).digest();
    return `${prefix}_${bytesToBase62(digest.subarray(0, 16), 20)}`;
  };
}
