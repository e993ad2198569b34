import { z } from "zod";
import { ZIntentView, intentView } from "../intent-view";
import { defineTool } from "../tool";
import { ZIntentId } from "./intent-id";

export const executeApproved = defineTool({
  name: "execute_approved",
  title: "Claim an approved action for execution",
  description:
    "Call this immediately before performing an allowed or approved action. It spends the single-use execution_token " +
    "(bound to the exact payload_hash and the policy in force) and moves the request to 'executing'. Only if it succeeds, " +
    "perform the action with exactly the proposed payload, then call report_result. If it fails (token_used, token_expired, " +
    "payload_mismatch, policy_changed, not_executable, lease_revoked, lease_expired), do not perform the action.",
  inputSchema: z.object({
    intent_id: ZIntentId,
    execution_token: z.string().min(1).max(200).describe("The execution_token from request_approval, check_approval or wait_for_approval."),
    payload_hash: z.string().min(1).max(200).describe("The payload_hash returned with the request."),
  }),
  outputSchema: ZIntentView,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(client, { intent_id, execution_token, payload_hash }, extra) {
    return intentView(await client.intents.execute(intent_id, { execution_token, payload_hash }, { signal: extra.signal }));
  },
});
