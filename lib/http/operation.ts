import type { z } from "zod";
import type { ErrorCode } from "../errors";
import type { Role } from "../roles";

/** Who may call: an agent key, a member token (or session), either, or anyone (login, health). */
export type Caller = "agent" | "user" | "any" | "public";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Statuses whose body is the JSON of the response's `schema`. */
export type JsonStatus = 200 | 201 | 202;
export type Responses = Partial<Record<JsonStatus | 304, ResponseSpec>>;

export interface ResponseSpec {
  description: string;
  /** A JSON body; its schema must be registered in the contract (lib/schemas/registry.ts). */
  schema?: z.ZodType;
  /** Bodies that are not JSON (CSV, an event stream): media type → what the text holds. */
  text?: Record<string, string>;
}

/**
 * One API operation, declared once: route() authenticates and validates with it, and the
 * OpenAPI document (lib/openapi) publishes it, so the two cannot disagree. The catalogue lives
 * in lib/http/operations/; a route file passes its entry to route().
 */
export interface Operation<
  C extends Caller = Caller,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  R extends Responses = Responses,
> {
  method: HttpMethod;
  /** OpenAPI form, `{name}` per dynamic segment: /api/v1/intents/{id}. */
  path: string;
  summary: string;
  description?: string;
  /** The first tag groups the operation in the document and on the reference page. */
  tags: [string, ...string[]];
  caller: C;
  /** Minimum member role for user callers (route() enforces it). */
  role?: Role;
  /**
   * Only a signed-in dashboard session may call it (passkeys, step-up): the domain refuses bearer
   * tokens. Published as the session security scheme alone.
   */
  sessionOnly?: boolean;
  /**
   * A public route that also reads who is signed in when someone is (a member token or the
   * dashboard session; a bad bearer token is 401, a cross-site cookie write 403): the handler
   * does so itself (lib/auth/signed-in-user.ts). Published as optional security.
   */
  optionalAuth?: boolean;
  /**
   * Rate limits route() applies before reading the body (lib/http/apply-rate-limits.ts):
   * `propose` per agent key and per client address; `token` per client address; `passkey`
   * (public passkey sign-in options) per client address.
   */
  rateLimit?: "propose" | "token" | "passkey";
  /** The JSON body route() parses and validates. */
  body?: B;
  /** The query string route() validates (its keys become query parameters). */
  query?: Q;
  /** A body route() does not parse (PUT /policy reads YAML or JSON text itself): media type → schema of the parsed document. */
  textBody?: { description: string; content: Record<string, z.ZodType> };
  /** A body that passes `body`, published as the request example (and sent by the agreement suite). */
  example?: unknown;
  /** Request headers the handler reads. */
  headers?: { name: string; description: string; schema: z.ZodType }[];
  /** route() type-checks what the handler returns against these schemas. */
  responses: R;
  /**
   * Error codes the handler or domain can answer with. Those that follow from the declaration
   * itself (401, 403, bad body or query, 404 for path ids) are added by lib/openapi/error-codes.ts.
   */
  errors?: ErrorCode[];
}

/** Keeps the literal types (caller, schemas, responses) that route() infers its handler's types from. */
export function defineOperation<
  C extends Caller,
  R extends Responses,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
>(operation: Operation<C, B, Q, R>): Operation<C, B, Q, R> {
  return Object.freeze(operation);
}
