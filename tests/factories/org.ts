import { randomUUID } from "node:crypto";
import { createAgent } from "../../lib/domain/agents/create-agent";
import { createUserToken } from "../../lib/domain/auth/create-user-token";
import { acceptInvitation } from "../../lib/domain/members/accept-invitation";
import { tokenOfAcceptUrl } from "../../lib/domain/members/invitation-link";
import { inviteMember } from "../../lib/domain/members/invite-member";
import { bootstrapOrg } from "../../lib/domain/orgs/bootstrap-org";
import type { Role } from "../../lib/roles";
import type { UserPrincipal } from "../../lib/auth/principal";
import { type UserContext, contextOf } from "../../lib/domain/request-context";
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
  /** The admin's request context, for calling domain functions directly. */
  ctx: UserContext;
  /** A new person invited with this role, who accepted with TEST_PASSWORD; with a token for this org. */
  user(role: Role): Promise<TestUser>;
  /** An existing user (of another org) invited here with this role, who accepted signed in as themself. */
  join(user: { userId: string; email: string }, role: Role): Promise<void>;
  agent(name?: string): Promise<{ id: string; name: string; key: string }>;
  setPolicy(yaml: string): Promise<{ snapshot: string; version: number }>;
}

const PASSWORD = "correct horse battery staple";
const INVITE_BASE_URL = "http://localhost:3000";

/** A fresh organization with an admin; helpers add members, agents and a policy. */
export async function createTestOrg(): Promise<TestOrg> {
  const suffix = randomUUID().slice(0, 8);
  const email = `admin-${suffix}@example.test`;
  const boot = await bootstrapOrg({ org: `org-${suffix}`, email, password: PASSWORD });
  const principal: UserPrincipal = { kind: "user", orgId: boot.org_id, userId: boot.user_id, role: "admin", via: "token" };
  const ctx = contextOf(principal);
  return {
    orgId: boot.org_id,
    admin: { userId: boot.user_id, email, token: boot.token, role: "admin" },
    principal,
    ctx,
    async user(role) {
      const memberEmail = `${role}-${randomUUID().slice(0, 8)}@example.test`;
      const invited = await inviteMember(ctx, { email: memberEmail, role }, INVITE_BASE_URL);
      const accepted = await acceptInvitation({ token: tokenOfAcceptUrl(invited.accept_url), password: PASSWORD }, null);
      const token = await createUserToken({ email: memberEmail, password: PASSWORD, org_id: boot.org_id }, "test-factory");
      return { userId: accepted.user_id, email: memberEmail, token: token.token, role };
    },
    async join(user, role) {
      const invited = await inviteMember(ctx, { email: user.email, role }, INVITE_BASE_URL);
      await acceptInvitation({ token: tokenOfAcceptUrl(invited.accept_url) }, user.userId);
    },
    async agent(name = `bot-${randomUUID().slice(0, 6)}`) {
      const created = await createAgent(ctx, { name });
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
