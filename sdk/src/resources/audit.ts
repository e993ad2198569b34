import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { AuditEvent, AuditFilters, AuditVerification, ListAuditParams } from "../types/audit.js";
import type { CallOptions, Page } from "../types/common.js";
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

  /** Recomputes every hash: `{ok: true, events}` or `{ok: false, first_bad_seq}`. */
  verify(options: CallOptions = {}): Promise<AuditVerification> {
    return this.http.json({ method: "GET", path: "/api/v1/audit/verify", ...call(options) });
  }

  /** Every matching event as one CSV or JSON document. */
  export(params: AuditFilters & { format?: "csv" | "json" } = {}, options: CallOptions = {}): Promise<string> {
    return this.http.text({ method: "GET", path: "/api/v1/audit/export", query: params, ...call(options) });
  }
}
