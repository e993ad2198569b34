import type { PageParams } from "./common.js";
import type { CreateLease, DelegateLease, Lease, LeaseRenewal, RenewLease } from "./contract.js";

export type { Lease, SpendLimit } from "./contract.js";

export type LeaseStatus = Lease["status"];
/** Body of POST /api/v1/leases. */
export type CreateLeaseInput = CreateLease;
export type RenewLeaseInput = RenewLease;
export type DelegateLeaseInput = DelegateLease;
/**
 * The strength of the human approval behind a lease (for a delegated lease, the weakest along its
 * chain). The lease waives a run-stage gate only when this is at least the gate; stronger gates queue.
 */
export type LeaseApproval = Lease["approval"];
/** A renew answer: the lease, and whether the change applied at once or waits for a human. */
export type RenewedLease = LeaseRenewal;

export interface ListLeasesParams extends PageParams {
  status?: LeaseStatus;
}
