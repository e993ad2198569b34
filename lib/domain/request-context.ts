import { type AgentPrincipal, type Principal, type UserPrincipal, actorOf } from "../auth/principal";
import { type OrgDb, type OrgTx, inOrgTx, orgDb } from "../db/scoped";
import { type OrgSql, orgSql } from "../db/sql";
import type { Role } from "../roles";

/**
 * What every domain entry point takes first: who calls, for which org, and the only doors to that
 * org's data (the org-scoped client and org-bound raw SQL). Functions the system runs without a
 * caller (sweeps, workers, bootstrap, sign-in) take their own arguments instead.
 */
export interface RequestContext<P extends Principal = Principal> {
  principal: P;
  orgId: string;
  actor: { type: "agent" | "user"; id: string };
  /** The member's role; null for an agent. */
  role: Role | null;
  db: OrgDb;
  sql: OrgSql;
  /** An interactive transaction over `db`. */
  tx<T>(work: (tx: OrgTx) => Promise<T>): Promise<T>;
}

/** A member's context (user-only operations) and an agent's (agent-only operations). */
export type UserContext = RequestContext<UserPrincipal>;
export type AgentContext = RequestContext<AgentPrincipal>;

/** The context of an authenticated caller. The scoped client is made on first use ($extends costs ~40 µs). */
export function contextOf<P extends Principal>(principal: P): RequestContext<P> {
  let scoped: OrgDb | undefined;
  const ctx: RequestContext<P> = {
    principal,
    orgId: principal.orgId,
    actor: actorOf(principal),
    role: principal.kind === "user" ? principal.role : null,
    get db() {
      scoped ??= orgDb(principal.orgId);
      return scoped;
    },
    sql: orgSql(principal.orgId),
    tx: (work) => inOrgTx(ctx.db, work),
  };
  return ctx;
}
