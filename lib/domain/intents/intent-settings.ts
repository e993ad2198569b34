import { setting } from "../../config.mjs";

/** How long an execution token stays valid after it is issued (EXEC_TOKEN_TTL_SECONDS, default 15 min). */
export function executionTokenTtlMs(): number {
  return setting("EXEC_TOKEN_TTL_SECONDS") * 1000;
}

/** SLA for approvals whose rule names none (DEFAULT_APPROVAL_SLA_SECONDS, default 24 h): no item waits forever. */
export function defaultApprovalSlaMs(): number {
  return setting("DEFAULT_APPROVAL_SLA_SECONDS") * 1000;
}
