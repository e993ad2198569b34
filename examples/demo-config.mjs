// @ts-check
// Where the examples find Tollgate: TOLLGATE_URL, TOLLGATE_AGENT_KEY and TOLLGATE_USER_TOKEN,
// else the credentials `npm run demo` saved in .data/demo.json at the repository root.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DEMO_FILE = fileURLToPath(new URL("../.data/demo.json", import.meta.url));

/**
 * @typedef {{ url: string, agentKey: string, userToken: string | undefined, source: string }} ExampleConfig
 * @returns {ExampleConfig}
 */
export function exampleConfig() {
  /** @type {{ url?: string, admin_token?: string, agent?: { api_key?: string } }} */
  const demo = existsSync(DEMO_FILE) ? JSON.parse(readFileSync(DEMO_FILE, "utf8")) : {};
  const url = process.env.TOLLGATE_URL ?? demo.url ?? "http://localhost:3000";
  const agentKey = process.env.TOLLGATE_AGENT_KEY ?? demo.agent?.api_key;
  if (!agentKey) {
    throw new Error(`Set TOLLGATE_AGENT_KEY (an agent key, tg_agent_…), or run \`npm run demo\` so ${DEMO_FILE} has one`);
  }
  // The demo's admin token only goes with the demo's agent key, never with a key from elsewhere.
  const userToken = process.env.TOLLGATE_USER_TOKEN ?? (process.env.TOLLGATE_AGENT_KEY ? undefined : demo.admin_token);
  const source = process.env.TOLLGATE_AGENT_KEY ? "environment" : DEMO_FILE;
  return { url, agentKey, userToken, source };
}
