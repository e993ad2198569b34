import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { AuditCheckpoint, AuditEvent, AuditFilters, AuditVerification, JsonWebKeySet, ListAuditParams } from "../types/audit.js";
import type { CallOptions, Page, PageParams } from "../types/common.js";
import { call } from "./shared.js";

/** /api/v1/audit: the organization's hash-chained event log. */
export class Audit {
  constructor(private readonly http: Http) {}

  /** Events in sequence order; the cursor is the last seq seen. */
  list(params: ListAuditParams = {}, options: CallOptions = {}): Promise<Page<AuditEvent>> {
    return this.http.json({ method: "GET", path: "/api/v1/audit", query: params, ...call(options) });
  }

  listAll(params: AuditFilters = {}, options: CallOptions = {}): AsyncGenerator<AuditEvent, void, undefined> {
    return paginate((cursor) => this.list({ ...params, cursor }, options));
  }

  /** The server's check of the chain and its checkpoints: `{ok: true, events}` or `{ok: false, first_bad_seq, reason}`. */
  verify(params: { full?: boolean } = {}, options: CallOptions = {}): Promise<AuditVerification> {
    return this.http.json({ method: "GET", path: "/api/v1/audit/verify", query: params, ...call(options) });
  }

  /** The chain's signed checkpoints in seq order; the cursor is the last seq seen. */
  checkpoints(params: PageParams = {}, options: CallOptions = {}): Promise<Page<AuditCheckpoint>> {
    return this.http.json({ method: "GET", path: "/api/v1/audit/checkpoints", query: params, ...call(options) });
  }

  /** The public signing keys (GET /.well-known/jwks.json, no auth needed): keep a copy to verify offline. */
  jwks(options: CallOptions = {}): Promise<JsonWebKeySet> {
    return this.http.json({ method: "GET", path: "/.well-known/jwks.json", ...call(options) });
  }

  /** Every matching event as one CSV or JSON document. */
  export(params: AuditFilters & { format?: "csv" | "json" } = {}, options: CallOptions = {}): Promise<string> {
    return this.http.text({ method: "GET", path: "/api/v1/audit/export", query: params, ...call(options) });
  }
}
