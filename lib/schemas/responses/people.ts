import { z } from "zod";
import { contract } from "../registry";
import { ROLES } from "../../policy/types";
import { ZList, ZNullableTimestamp, ZTimestamp } from "./common";

const ZRole = z.enum(ROLES);

export const ZMember = z.object({
  user_id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: ZRole,
  created_at: ZTimestamp,
}).register(contract, { id: "Member" });

export const ZMemberList = ZList(ZMember).register(contract, { id: "MemberList" });

/** PATCH /members/{user_id}. */
export const ZMembership = z.object({ user_id: z.string(), email: z.string(), role: ZRole }).register(contract, { id: "Membership" });

/** GET /invitations: a pending invitation (never its token). */
export const ZInvitation = z.object({
  invitation_id: z.string(),
  email: z.string(),
  role: ZRole,
  invited_by: z.string().describe("The user id of the admin who sent it."),
  created_at: ZTimestamp,
  expires_at: ZTimestamp,
}).register(contract, { id: "Invitation" });

export const ZInvitationList = ZList(ZInvitation).register(contract, { id: "InvitationList" });

/** POST /members: the invitation and its single-use link, in this answer and never again. */
export const ZInvitationWithUrl = ZInvitation.extend({
  accept_url: z.string().describe("Single-use, valid 7 days; the token is in the fragment (after `#`). Tollgate stores only its hash."),
  emailed: z.boolean().describe("Whether the link was also emailed (mail is configured: SMTP_URL)."),
}).register(contract, { id: "InvitationWithUrl" });

export const ZInvitationRevoked = z.object({ invitation_id: z.string(), revoked: z.literal(true) }).register(contract, { id: "InvitationRevoked" });

/** POST /invitations/accept: the member the invitation made. */
export const ZInvitationAccepted = z.object({ user_id: z.string(), org_id: z.string(), role: ZRole, email: z.string() }).register(contract, { id: "InvitationAccepted" });

export const ZMemberRemoved = z.object({ user_id: z.string(), removed: z.literal(true) }).register(contract, { id: "MemberRemoved" });

export const ZAgent = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  owner_id: z.string().nullable().describe("The member accountable for the agent (null when none is recorded or the account was deleted)."),
  key_suffix: z.string().nullable().describe("Last characters of the current key, to tell keys apart."),
  last_used_at: ZNullableTimestamp,
  created_at: ZTimestamp,
}).register(contract, { id: "Agent" });

export const ZAgentList = ZList(ZAgent).register(contract, { id: "AgentList" });

/** POST /agents and POST /agents/{id}/rotate: the key is in this answer and never again. */
export const ZAgentWithKey = ZAgent.extend({ api_key: z.string().regex(/^tg_agent_/) }).register(contract, { id: "AgentWithKey" });

export const ZAgentDeleted = z.object({ id: z.string(), deleted: z.literal(true) }).register(contract, { id: "AgentDeleted" });

export const ZPersonalToken = z.object({
  id: z.string(),
  name: z.string(),
  suffix: z.string(),
  status: z.enum(["active", "expired", "revoked"]),
  current: z.boolean().describe("true for the token making this request."),
  created_at: ZTimestamp,
  expires_at: ZNullableTimestamp,
  last_used_at: ZNullableTimestamp,
  revoked_at: ZNullableTimestamp,
}).register(contract, { id: "PersonalToken" });

export const ZPersonalTokenList = ZList(ZPersonalToken).register(contract, { id: "PersonalTokenList" });

/** POST /tokens: the secret is in this answer and never again. */
export const ZPersonalTokenWithSecret = ZPersonalToken.extend({ token: z.string().regex(/^tg_user_/) }).register(contract, { id: "PersonalTokenWithSecret" });

/** POST /auth/token. */
export const ZUserToken = z.object({
  token: z.string().regex(/^tg_user_/),
  user_id: z.string(),
  org_id: z.string(),
  role: ZRole,
  expires_at: ZTimestamp,
}).register(contract, { id: "UserToken" });

/** GET /me: who the bearer (or session) is. */
export const ZMe = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("agent"), id: z.string(), org_id: z.string(), name: z.string() }),
  z.object({ kind: z.literal("user"), id: z.string(), org_id: z.string(), role: ZRole }),
]).register(contract, { id: "Me" });

/** POST /auth/password-reset: the same answer whether or not the email has an account. */
export const ZPasswordResetRequested = z.object({ accepted: z.literal(true) }).register(contract, { id: "PasswordResetRequested" });

/** POST /auth/password-reset/confirm. */
export const ZPasswordResetDone = z.object({ user_id: z.string(), reset: z.literal(true) }).register(contract, { id: "PasswordResetDone" });

/** POST /auth/signup: the same answer whether or not the email has an account. */
export const ZSignupAccepted = z.object({ accepted: z.literal(true) }).register(contract, { id: "SignupAccepted" });

/** POST /auth/verify-email. */
export const ZEmailVerified = z.object({ user_id: z.string(), verified: z.literal(true) }).register(contract, { id: "EmailVerified" });

/** POST /orgs: the new organization, with the caller as its admin. */
export const ZOrgCreated = z.object({ org_id: z.string(), name: z.string(), role: z.literal("admin") }).register(contract, { id: "OrgCreated" });
