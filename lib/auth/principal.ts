import type { Role } from "../roles";

/** Who is calling, resolved from a token (or, for the dashboard, a session). */
export type Principal =
  | { kind: "agent"; orgId: string; agentId: string; agentName: string }
  | { kind: "user"; orgId: string; userId: string; role: Role; via: "token" | "session" | "slack"; tokenId?: string };

export type UserPrincipal = Extract<Principal, { kind: "user" }>;
export type AgentPrincipal = Extract<Principal, { kind: "agent" }>;

export function actorOf(principal: Principal): { type: "agent" | "user"; id: string } {
  return principal.kind === "agent"
    ? { type: "agent", id: principal.agentId }
    : { type: "user", id: principal.userId };
}
