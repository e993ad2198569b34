import type { Operation } from "../operation";
import { accessOperations } from "./access";
import { approvalOperations } from "./approvals";
import { intentOperations } from "./intents";
import { leaseOperations } from "./leases";
import { notifyOperations } from "./notify";
import { oversightOperations } from "./oversight";
import { peopleOperations } from "./people";
import { policyOperations } from "./policy";
import { webhookOperations } from "./webhooks";

/**
 * The API catalogue: every /api/v1 operation, keyed by its operationId. Route files pass their
 * entry to route(); lib/openapi publishes the same entries. A route file whose handler was not
 * built from an entry here, or an entry without a route file, fails tests/integration/openapi-coverage.
 */
export const operations = {
  ...intentOperations,
  ...approvalOperations,
  ...leaseOperations,
  ...policyOperations,
  ...peopleOperations,
  ...accessOperations,
  ...webhookOperations,
  ...oversightOperations,
  ...notifyOperations,
};

export type OperationId = keyof typeof operations;

/** [operationId, operation] in catalogue order (the document's and the reference page's order). */
export const OPERATION_ENTRIES = Object.entries(operations) as [OperationId, Operation][];
