import type { AcceptInvitation, CreateAgent, InviteMember, PasswordLogin } from "./contract.js";

export type {
  Agent,
  AgentWithKey,
  Invitation,
  InvitationAccepted,
  InvitationWithUrl,
  Me,
  Member,
  PersonalToken,
  UserToken,
} from "./contract.js";

export type CreateTokenInput = PasswordLogin;
/** POST /api/v1/members: an invitation, never an account (no password). */
export type InviteMemberInput = InviteMember;
/**
 * POST /api/v1/invitations/accept. `token` is the part of the accept_url after `#`. `password`
 * creates the account when the email has none; for an existing account the client's token must
 * be that user's (else `sign_in_required`), and no password is ever set on it.
 */
export type AcceptInvitationInput = AcceptInvitation;
export type CreateAgentInput = CreateAgent;
