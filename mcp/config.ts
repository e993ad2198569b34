// Configuration of the MCP server, read once from the environment at startup.

export const DEFAULT_URL = "http://localhost:3000";

export interface McpConfig {
  /** Where the Tollgate app answers, without a trailing slash. */
  baseUrl: string;
  /** The agent key every tool call authenticates with (never logged). */
  agentKey: string;
}

/** A setting that makes the server useless: reported on stderr at startup, before serving. */
export class ConfigError extends Error {}

export function readConfig(env: Record<string, string | undefined>): McpConfig {
  const agentKey = env.TOLLGATE_AGENT_KEY?.trim();
  if (!agentKey) {
    throw new ConfigError(
      "TOLLGATE_AGENT_KEY is not set. The MCP server acts as one Tollgate agent: an admin creates it with " +
        "POST /api/v1/agents (or on the dashboard's Agents page) and the key (tg_agent_…) goes in TOLLGATE_AGENT_KEY.",
    );
  }
  // A member token would authenticate, but every agent route would answer 403; say so up front.
  if (agentKey.startsWith("tg_user_")) {
    throw new ConfigError("TOLLGATE_AGENT_KEY holds a member token (tg_user_…); the MCP server needs an agent key (tg_agent_…).");
  }
  if (!agentKey.startsWith("tg_agent_")) {
    throw new ConfigError("TOLLGATE_AGENT_KEY does not look like an agent key: Tollgate agent keys start with tg_agent_.");
  }
  const raw = env.TOLLGATE_URL?.trim() || DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`TOLLGATE_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`TOLLGATE_URL must be http(s): ${raw}`);
  return { baseUrl: raw.replace(/\/+$/, ""), agentKey };
}
