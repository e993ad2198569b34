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

export interface AddMemberInput {
  email: string;
  role: Role;
  password?: string;
  name?: string;
}

export interface Agent {
  id: string;
  name: string;
  description: string | null;
  key_suffix: string | null;
  last_used_at: string | null;
  created_at: string;
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
