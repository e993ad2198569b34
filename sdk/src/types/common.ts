/** Any JSON value, as the API stores payloads and outputs. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** An object of JSON values (result outputs, contexts). `unknown` keeps caller types assignable. */
export type JsonObject = Record<string, unknown>;

import type { Member } from "./contract.js";

/** Member roles, lowest first: viewer < approver < publisher < admin. */
export type Role = Member["role"];

/** One page of a list route: `{items, next_cursor}`; `next_cursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** `?limit=` (default 50, max 200) and `?cursor=` of every list route. */
export interface PageParams {
  limit?: number;
  cursor?: string;
}

/** Per-call options every method accepts. */
export interface CallOptions {
  /** Aborts the request; the method rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's request timeout for this call (milliseconds; 0 = none). */
  timeoutMs?: number;
}
