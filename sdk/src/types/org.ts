import type { Role } from "./common.js";

/** GET /api/v1/me. */
export type Me =
  | { kind: "agent"; id: string; org_id: string; name: string }
  | { kind: "user"; id: string; org_id: string; role: Role };

export interface CreateTokenInput {
  email: string;
  password: string;
  org_id?: string;
  name?: string;
}

export interface UserToken {
  token: string;
  user_id: string;
  org_id: string;
  role: Role;
  expires_at: string;
}

export interface Member {
  user_id: string;
  email: string;
  name: string | null;
  role: Role;
  created_at: string;
}

/** POST /api/v1/members: an invitation, never an account (no password). */
export interface InviteMemberInput {
  email: string;
  role: Role;
}

/** A pending invitation (GET /api/v1/invitations); its link is never shown again. */
export interface Invitation {
  invitation_id: string;
  email: string;
  role: Role;
  invited_by: string;
  created_at: string;
  expires_at: string;
}

/** The answer to an invitation: the single-use link (7 days), shown this once. */
export interface InvitationWithUrl extends Invitation {
  accept_url: string;
}

/**
 * POST /api/v1/invitations/accept. `token` is the part of the accept_url after `#`. `password`
 * creates the account when the email has none; for an existing account the client's token must
 * be that user's (else `sign_in_required`), and no password is ever set on it.
 */
export interface AcceptInvitationInput {
  token: string;
  password?: string;
}

export interface InvitationAccepted {
  user_id: string;
  org_id: string;
  role: Role;
  email: string;
}

export interface Agent {
  id: string;
  name: string;
  description: string | null;
  /** The member accountable for the agent. */
  owner_id: string | null;
  key_suffix: string | null;
  last_used_at: string | null;
  created_at: string;
}

export interface CreateAgentInput {
  name: string;
  description?: string;
  /** A member of the organization; default the caller. */
  owner_id?: string;
}

/** An agent with its API key, returned once on create and rotate. */
export interface AgentWithKey extends Agent {
  api_key: string;
}

export interface PersonalToken {
  id: string;
  name: string;
  suffix: string;
  status: "active" | "expired" | "revoked";
  current: boolean;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}
