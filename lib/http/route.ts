import type { z } from "zod";
import { authenticateToken } from "../auth/authenticate-token";
import type { AgentPrincipal, Principal, UserPrincipal } from "../auth/principal";
import { principalFromSession, sameOrigin, sessionCookie } from "../auth/session";
import { type RequestContext, contextOf } from "../domain/request-context";
import { AppError } from "../errors";
import { type Role, roleAtLeast } from "../roles";
import { applyRateLimits } from "./apply-rate-limits";
import { toResponse } from "./error-response";
import type { Caller, JsonStatus, Operation, Responses } from "./operation";
import { readJsonBody } from "./read-body";
import { queryObject, storableValues, validate } from "./validate";

type PrincipalFor<C extends Caller> = C extends "agent"
  ? AgentPrincipal
  : C extends "user"
    ? UserPrincipal
    : C extends "public"
      ? undefined
      : Principal;

export interface RouteContext<C extends Caller, B, Q> {
  auth: PrincipalFor<C>;
  /** What domain functions take: the caller's context, built once (undefined for public operations). */
  ctx: PrincipalFor<C> extends Principal ? RequestContext<PrincipalFor<C>> : undefined;
  body: B;
  query: Q;
  params: Record<string, string>;
  req: Request;
}

type NextContext = { params: Promise<Record<string, string | string[]>> };
type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

declare const BODY: unique symbol;
/** A JSON Response of `status` (reply(), created()) whose body the compiler checks against that status's schema. */
export type Reply<S extends JsonStatus, T> = Response & { readonly [BODY]: { [K in S]: T } };
type BodyOf<R, S> = S extends keyof R ? (R[S] extends { schema: infer Z extends z.ZodType } ? Known<z.output<Z>> : never) : never;
/**
 * An open object's index signature (z.looseObject) admits any extra field; dropping it lets an
 * interface (which TypeScript never gives an implicit index signature) satisfy the known ones.
 */
type Known<T> = T extends readonly unknown[] ? T : { [K in keyof T as string extends K ? never : K]: T[K] };
/** A response without a JSON schema (a CSV or event stream, a 304) lets the handler return any Response. */
type RawOf<R> = { [S in keyof R]: S extends 304 ? Response : R[S] extends { text: object } ? Response : never }[keyof R];
/** What a handler may return: the 200 schema's value, a reply() of a declared status, or a raw Response where one is declared. */
export type Answer<R> = BodyOf<R, 200> | (Response & { readonly [BODY]: { [S in JsonStatus]?: BodyOf<R, S> } }) | RawOf<R>;

/** A route handler that carries the catalogue entry it was built from (the coverage suite checks it). */
export type RouteHandler = ((req: Request, next?: NextContext) => Promise<Response>) & { operation: Operation };

/**
 * The one wrapper every /api/v1 route uses: authenticate → role → rate limit → size-limited JSON → zod → one
 * domain call → errors mapped in one place. Handlers return a value for a 200 JSON, reply()/created()
 * for another status, or a Response where the operation declares a body without a JSON schema.
 * `options` is the operation's catalogue entry (lib/http/operations), which the OpenAPI document
 * publishes too: the schemas validated here are the ones the document shows.
 */
export function route<C extends Caller, R extends Responses, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  options: Operation<C, B, Q, R>,
  handler: (ctx: RouteContext<C, Out<B>, Out<Q>>) => Promise<Answer<R>>,
): RouteHandler {
  const run = async (req: Request, next?: NextContext): Promise<Response> => {
    try {
      const auth = options.caller === "public" ? undefined : await authorize(req, options.caller, options.role);
      if (options.rateLimit) await applyRateLimits(options.rateLimit, auth, req);
      const params = await readParams(next);
      const body = (options.body ? validate(options.body, await readJsonBody(req)) : undefined) as Out<B>;
      const query = (options.query ? validate(options.query, queryObject(new URL(req.url))) : undefined) as Out<Q>;
      const ctx = (auth && contextOf(auth)) as RouteContext<C, Out<B>, Out<Q>>["ctx"];
      const result = await handler({ auth: auth as PrincipalFor<C>, ctx, body, query, params, req });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return toResponse(error);
    }
  };
  return Object.assign(run, { operation: options as Operation });
}

export const reply = <S extends JsonStatus, T>(status: S, data: T) => Response.json(data, { status }) as Reply<S, T>;
export const created = <T>(data: T) => reply(201, data);

async function authorize(req: Request, caller: Exclude<Caller, "public">, role?: Role): Promise<Principal> {
  const principal = await authenticate(req);
  if (!principal) throw new AppError("unauthorized", "Missing or invalid bearer token");
  if (caller !== "any" && principal.kind !== caller) {
    throw new AppError("forbidden", `This route is for ${caller === "agent" ? "agent API keys" : "members"}`);
  }
  if (role && principal.kind === "user" && !roleAtLeast(principal.role, role)) {
    throw new AppError("forbidden", `Requires the ${role} role or higher`);
  }
  return principal;
}

/**
 * A bearer token (agents, scripts) or, for the dashboard, the next-auth session cookie; the
 * dashboard calls these same routes, so no rule lives twice. Cookie writes must be same-origin.
 */
async function authenticate(req: Request): Promise<Principal | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? authenticateToken(match[1]) : null;
  }
  const session = await principalFromSession(sessionCookie(req.headers.get("cookie")));
  if (session && !SAFE_METHODS.has(req.method) && !sameOrigin(req)) {
    throw new AppError("forbidden", "Cross-site request refused");
  }
  return session;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether the request's credential still admits `auth` to the operation, checked again exactly as
 * on arrival: the token not revoked (nor any token it was minted from) nor expired, the session
 * still valid, the caller still a member with the role the operation needs. Long-lived answers
 * (the event stream) call it periodically and end when it no longer holds.
 */
export async function stillAuthorized(req: Request, operation: Operation, auth: Principal): Promise<boolean> {
  const now = await authenticate(req).catch(() => null);
  if (!now || now.kind !== auth.kind || now.orgId !== auth.orgId) return false;
  if (now.kind === "agent") return auth.kind === "agent" && now.agentId === auth.agentId;
  if (auth.kind !== "user" || now.userId !== auth.userId) return false;
  return !operation.role || roleAtLeast(now.role, operation.role);
}

async function readParams(next?: NextContext): Promise<Record<string, string>> {
  // Static routes get no params (Next passes a promise of undefined).
  const raw = (next ? await next.params : undefined) ?? {};
  return storableValues(Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value.join("/") : value])));
}
