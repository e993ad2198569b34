// `npm run --silent mcp`: Tollgate as a Model Context Protocol server on stdio, acting as one agent.
// stdout carries the protocol; everything for humans goes to stderr.
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ConfigError, readConfig } from "./config";
import { createServer } from "./create-server";
import { announceIdentity } from "./identity";

const HELP = `tollgate-mcp — Tollgate's approval tools for MCP clients (stdio)

usage: npm run --silent mcp        (or: npx tsx mcp/server.ts)

environment:
  TOLLGATE_AGENT_KEY  the agent key (tg_agent_…) every call uses; required
  TOLLGATE_URL        the Tollgate app (default http://localhost:3000)

tools: request_approval, check_approval, wait_for_approval, list_pending,
       execute_approved, report_result, cancel_request
`;

async function main() {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(HELP);
    return;
  }
  const config = readConfig(process.env);
  const { server, client } = createServer(config);
  await server.connect(new StdioServerTransport());
  // Not awaited before serving: a slow or refused check must not hold up the client's handshake.
  void announceIdentity(client, config.baseUrl);
}

main().catch((error) => {
  process.stderr.write(`tollgate-mcp: ${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
