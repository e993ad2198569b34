import { type Tollgate, isTollgateError } from "@tollgate/sdk";

/**
 * Checks the key once at startup and says on stderr (the client's log) who the server acts as,
 * or why it cannot: a refused key keeps the server up, and every tool call then answers with
 * the API's own `unauthorized` error, which is what the model needs to see.
 */
export async function announceIdentity(client: Tollgate, baseUrl: string): Promise<void> {
  const say = (text: string) => process.stderr.write(`tollgate-mcp: ${text}\n`);
  try {
    const me = await client.me();
    if (me.kind === "agent") say(`acting as agent "${me.name}" (${me.id}) of organization ${me.org_id} at ${baseUrl}`);
    else say(`warning: TOLLGATE_AGENT_KEY authenticates a member (${me.id}), not an agent; agent tools will be refused`);
  } catch (error) {
    if (isTollgateError(error, "unauthorized")) say(`error: ${baseUrl} refused TOLLGATE_AGENT_KEY (unauthorized); tool calls will fail until it is fixed`);
    else say(`warning: could not check the agent key at ${baseUrl}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
