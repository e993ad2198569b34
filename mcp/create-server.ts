import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { Tollgate } from "@tollgate/sdk";
import type { McpConfig } from "./config";
import { guarded, toolResult } from "./tool-result";
import { TOOLS } from "./tools";
import { VERSION } from "./version";

const INSTRUCTIONS =
  "Tollgate is the approval layer between you and actions with side effects. Before such an action, call request_approval. " +
  "Perform the action only after execute_approved succeeded for an allowed or approved request, then call report_result. " +
  "Never perform a denied, rejected, expired or cancelled action, and never one still pending_approval.";

/** The MCP server with every tool bound to one Tollgate client authenticated as the agent. */
export function createServer(config: McpConfig, client = new Tollgate({ baseUrl: config.baseUrl, token: config.agentKey, userAgent: `tollgate-mcp/${VERSION}` })) {
  const server = new McpServer({ name: "tollgate", version: VERSION }, { instructions: INSTRUCTIONS });
  for (const tool of TOOLS) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema, annotations: tool.annotations },
      (input, extra) => guarded(config.baseUrl, async () => toolResult(await tool.run(client, input, extra))),
    );
  }
  return { server, client };
}
