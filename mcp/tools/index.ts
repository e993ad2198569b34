import type { ToolDefinition } from "../tool";
import { cancelRequest } from "./cancel-request";
import { checkApproval } from "./check-approval";
import { executeApproved } from "./execute-approved";
import { listPending } from "./list-pending";
import { reportResult } from "./report-result";
import { requestApproval } from "./request-approval";
import { waitForApproval } from "./wait-for-approval";

/** Every tool the server offers, in the order an agent uses them. */
export const TOOLS: ToolDefinition[] = [
  requestApproval,
  checkApproval,
  waitForApproval,
  listPending,
  executeApproved,
  reportResult,
  cancelRequest,
];
