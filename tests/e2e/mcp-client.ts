import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { ROOT } from "./sdk-fixtures";

/**
 * `npm run --silent mcp` as an MCP client launches it (the README's config), connected with the
 * MCP SDK's own Client over stdio. The child gets only the given variables (plus the SDK's safe
 * defaults such as PATH and HOME), so nothing of the test's environment leaks in.
 */
export async function connectMcp(env: Record<string, string>) {
  const transport = new StdioClientTransport({ command: "npm", args: ["run", "--silent", "mcp"], cwd: ROOT, env, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk) => (stderr += chunk));
  const client = new Client({ name: "tollgate-e2e", version: "0.0.0" });
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    /** A tool call's result, with its structured content (success) or parsed error body (isError). */
    async call(name: string, args: Record<string, unknown> = {}, options: Parameters<Client["callTool"]>[2] = {}) {
      const result = (await client.callTool({ name, arguments: args }, undefined, options)) as CallToolResult;
      const text = result.content.find((c) => c.type === "text")?.text ?? "";
      return { result, data: result.structuredContent as any, error: result.isError ? errorOf(text) : undefined, text };
    },
    close: () => client.close(),
  };
}

export type McpSession = Awaited<ReturnType<typeof connectMcp>>;

/** Our tool errors carry the contract's error body as JSON; the MCP SDK's own (bad arguments) are plain text. */
function errorOf(text: string): { code?: string; message: string; status?: number } {
  try {
    return JSON.parse(text).error;
  } catch {
    return { message: text };
  }
}
