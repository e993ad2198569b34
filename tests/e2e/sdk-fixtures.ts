import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Tollgate } from "@tollgate/sdk";
import { createTestOrg } from "../factories/org";
import { BASE_URL } from "./browser";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** The policy `npm run demo` seeds: what the examples are written against. */
export const DEMO_POLICY = readFileSync(path.join(ROOT, "prisma/demo-policy.yaml"), "utf8");

export interface LiveAgent {
  id: string;
  name: string;
  key: string;
  client: Tollgate;
}

/**
 * A fresh organization on the running app, driven through the SDK: an admin client (whose
 * token can approve), a policy, and agents created over the API with their own clients.
 */
export async function liveOrg(policy: string = DEMO_POLICY) {
  const org = await createTestOrg();
  const baseUrl = BASE_URL();
  const admin = new Tollgate({ baseUrl, token: org.admin.token });
  await admin.policy.put(policy);
  return {
    org,
    baseUrl,
    admin,
    adminToken: org.admin.token,
    async agent(name = `bot-${randomUUID().slice(0, 8)}`): Promise<LiveAgent> {
      const created = await admin.agents.create({ name });
      return { id: created.id, name, key: created.api_key, client: new Tollgate({ baseUrl, token: created.api_key }) };
    },
  };
}

/** Waits until the agent has an item in the queue and returns it (the reviewer's side of a wait). */
export async function nextPending(admin: Tollgate, agentName: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { items } = await admin.approvals.list({ agent: agentName });
    if (items.length > 0) return items[0].intent;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no pending approval for ${agentName} within ${timeoutMs} ms`);
}
