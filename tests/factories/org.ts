import { randomUUID } from "node:crypto";
import { createAgent } from "../../lib/domain/agents/create-agent";
import { createUserToken } from "../../lib/domain/auth/create-user-token";
import { addMember } from "../../lib/domain/members/add-member";
import { bootstrapOrg } from "../../lib/domain/orgs/bootstrap-org";
import type { Role } from "../../lib/roles";
import type { UserPrincipal } from "../../lib/auth/principal";
import { call } from "../helpers/api";

export interface TestUser {
  userId: string;
  email: string;
  token: string;
  role: Role;
}

export interface TestOrg {
  orgId: string;
  admin: TestUser;
  principal: UserPrincipal;
  user(role: Role): Promise<TestUser>;
  agent(name?: string): Promise<{ id: string; name: string; key: string }>;
  setPolicy(yaml: string): Promise<{ snapshot: string; version: number }>;
}

const PASSWORD = "correct horse battery staple";

/** A fresh organization with an admin; helpers add members, agents and a policy. */
export async function createTestOrg(): Promise<TestOrg> {
  const suffix = randomUUID().slice(0, 8);
  const email = `admin-${suffix}@example.test`;
  const boot = await bootstrapOrg({ org: `org-${suffix}`, email, password: PASSWORD });
  const principal: UserPrincipal = { kind: "user", orgId: boot.org_id, userId: boot.user_id, role: "admin", via: "token" };
  return {
    orgId: boot.org_id,
    admin: { userId: boot.user_id, email, token: boot.token, role: "admin" },
    principal,
    async user(role) {
      const memberEmail = `${role}-${randomUUID().slice(0, 8)}@example.test`;
      const added = await addMember(principal, { email: memberEmail, role, password: PASSWORD });
      const token = await createUserToken({ email: memberEmail, password: PASSWORD, org_id: boot.org_id }, "test-factory");
      return { userId: added.user_id, email: memberEmail, token: token.token, role };
    },
    async agent(name = `bot-${randomUUID().slice(0, 6)}`) {
      const created = await createAgent(principal, { name });
      return { id: created.id, name, key: created.api_key };
    },
    async setPolicy(yaml) {
      const res = await call("PUT", "/api/v1/policy", {
        token: boot.token,
        rawBody: yaml,
        headers: { "content-type": "application/yaml" },
      });
      if (res.status !== 200) throw new Error(`setPolicy failed: ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

export const TEST_PASSWORD = PASSWORD;
