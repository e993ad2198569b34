import { call } from "./api";

/** Proposes as the agent and insists on the 201, so a test fails at the step that broke. */
export async function propose(agentKey: string, body: Record<string, unknown>) {
  const res = await call("POST", "/api/v1/intents", { token: agentKey, body });
  if (res.status !== 201) throw new Error(`propose failed (${res.status}): ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The execute body for an intent as proposed or approved (its token and its payload hash). */
export function executeBody(intent: { execution_token?: string; payload_hash: string }) {
  return { execution_token: intent.execution_token, payload_hash: intent.payload_hash };
}

export function execute(agentKey: string, intentId: string, body: { execution_token?: string; payload_hash: string }) {
  return call("POST", `/api/v1/intents/${intentId}/execute`, { token: agentKey, body });
}
