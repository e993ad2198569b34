import type { Http } from "../http.js";
import { paginate } from "../paginate.js";
import type { CallOptions, Page } from "../types/common.js";
import type { CreateLeaseInput, DelegateLeaseInput, Lease, ListLeasesParams, RenewLeaseInput, RenewedLease } from "../types/leases.js";
import type { ProposeOptions } from "./intents.js";
import { call, seg } from "./shared.js";

/** /api/v1/leases: time- and scope-bounded authority an agent asks a human for. */
export class Leases {
  constructor(private readonly http: Http) {}

  /** Requests a lease (agent); it starts pending_approval as a create-stage item in the queue. */
  create(input: CreateLeaseInput, options: ProposeOptions = {}): Promise<Lease> {
    const headers = options.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : undefined;
    return this.http.json({ method: "POST", path: "/api/v1/leases", json: input, headers, ...call(options) });
  }

  get(id: string, options: CallOptions = {}): Promise<Lease> {
    return this.http.json({ method: "GET", path: `/api/v1/leases/${seg(id)}`, ...call(options) });
  }

  list(params: ListLeasesParams = {}, options: CallOptions = {}): Promise<Page<Lease>> {
    return this.http.json({ method: "GET", path: "/api/v1/leases", query: params, ...call(options) });
  }

  listAll(params: Omit<ListLeasesParams, "cursor"> = {}, options: CallOptions = {}): AsyncGenerator<Lease, void, undefined> {
    return paginate((cursor) => this.list({ ...params, cursor }, options));
  }

  /** Narrowing applies at once; widening by the agent waits for a human (`renewal.applied` says which). */
  renew(id: string, input: RenewLeaseInput, options: CallOptions = {}): Promise<RenewedLease> {
    return this.http.json({ method: "POST", path: `/api/v1/leases/${seg(id)}/renew`, json: input, ...call(options) });
  }

  /** Revoked at once, with every lease delegated from it. */
  revoke(id: string, input: { reason?: string } = {}, options: CallOptions = {}): Promise<Lease> {
    return this.http.json({ method: "POST", path: `/api/v1/leases/${seg(id)}/revoke`, json: input, ...call(options) });
  }

  /** Hands another agent a sub-lease within this lease's scope and time. */
  delegate(id: string, input: DelegateLeaseInput, options: CallOptions = {}): Promise<Lease> {
    return this.http.json({ method: "POST", path: `/api/v1/leases/${seg(id)}/delegate`, json: input, ...call(options) });
  }
}
