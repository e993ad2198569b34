import type { Operation } from "../http/operation";

/** How callers authenticate (API.md, Conventions: Auth). */
export const SECURITY_SCHEMES = {
  agentKey: {
    type: "http",
    scheme: "bearer",
    description: "An agent API key, `tg_agent_…` (shown once by POST /api/v1/agents or its rotate). Agents propose, execute, report and use leases.",
  },
  userToken: {
    type: "http",
    scheme: "bearer",
    description: "A member's personal access token, `tg_user_…` (POST /api/v1/auth/token or /api/v1/tokens); it carries the member's role.",
  },
  session: {
    type: "apiKey",
    in: "cookie",
    name: "next-auth.session-token",
    description:
      "The dashboard's sign-in session (`__Secure-next-auth.session-token` over HTTPS). Writes must come from this site (Origin), or 403 forbidden.",
  },
} as const;

type SchemeName = keyof typeof SECURITY_SCHEMES;
const any = (...names: SchemeName[]) => names.map((name) => ({ [name]: [] as string[] }));

/** The operation's security requirement: alternatives, any one of which suffices; [] for public. */
export function securityOf(operation: Operation): Record<string, string[]>[] {
  // {} first: no authentication at all is one of the alternatives.
  if (operation.caller === "public") return operation.optionalAuth ? [{}, ...any("userToken", "session")] : [];
  if (operation.sessionOnly) return any("session");
  if (operation.caller === "agent") return any("agentKey");
  if (operation.caller === "user") return any("userToken", "session");
  return any("agentKey", "userToken", "session");
}

/** One human sentence for the reference page and the operation description. */
export function whoMayCall(operation: Operation): string {
  const role = operation.role ? `, role ${operation.role} or higher` : "";
  if (operation.caller === "public") {
    return operation.optionalAuth ? "Anyone; a member token or session, when sent, is read as who is calling." : "No authentication.";
  }
  if (operation.sessionOnly) return `A signed-in dashboard session${role}; bearer tokens are refused.`;
  if (operation.caller === "agent") return "An agent API key.";
  if (operation.caller === "user") return `A member token or session${role}.`;
  return `An agent API key, or a member token or session${role}.`;
}
