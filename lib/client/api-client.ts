import type { z } from "zod";
import type { Operation } from "../http/operation";
import type { ZAssertion, ZAttestation } from "../schemas/webauthn";
import { queryString } from "../search-params";

// Client components call the REST routes through their catalogue entries (lib/http/operations) with the session
// cookie: URL from the entry's path, body typed by its schema, answer by its response schemas, errors as the contract's.

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Error text for a failed request: a validation issue names its field. */
export function describeApiError(error: ApiErrorBody): string {
  const issue = (error.details?.issues as { path: string[]; message: string }[] | undefined)?.[0];
  return issue ? `${issue.path.join(".") || "request"}: ${issue.message}` : error.message;
}

/** For flows that chain calls: the data, or the contract's error thrown. */
export class ApiError extends Error {
  constructor(readonly error: ApiErrorBody) {
    super(error.message);
  }
}
export function dataOrThrow<T>(res: ApiResult<T>): T {
  if (!res.ok) throw new ApiError(res.error);
  return res.data;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiErrorBody };

type Output<S> = S extends z.ZodType ? z.output<S> : never;
/** What a success answers: any of the operation's declared JSON response schemas. */
export type ResponseOf<O extends Operation> = { [K in keyof O["responses"]]: O["responses"][K] extends { schema: infer S } ? Output<S> : never }[keyof O["responses"]];
export type BodyOf<O extends Operation> = NonNullable<O["body"]> extends z.ZodType ? z.input<NonNullable<O["body"]>> : never;

type QueryValue = string | number | null | undefined;

export interface CallInput<O extends Operation> {
  /** Values for the path's `{name}` segments. */
  params?: Record<string, string>;
  query?: Partial<Record<NonNullable<O["query"]> extends z.ZodType ? keyof z.input<NonNullable<O["query"]>> : never, QueryValue>>;
  body?: BodyOf<O>;
  /** A body the route reads as text (a policy document). */
  text?: { body: string; contentType: string };
  signal?: AbortSignal;
}

/** WebAuthn JSON, the same between the browser library's types and the contract's loose schemas; the server judges it. */
export const webAuthnJson = <T>(value: unknown): T => value as T;
export type AssertionJson = z.input<typeof ZAssertion>;
export type AttestationJson = z.input<typeof ZAttestation>;

/** The operation's URL: its path with `{name}` filled from params (encoded), plus the query's non-empty values. */
export function operationUrl(operation: Pick<Operation, "path">, params: Record<string, string> = {}, query: Record<string, QueryValue> = {}): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`${operation.path}: no value for {${name}}`);
    return encodeURIComponent(params[name]);
  });
  return path + queryString(query);
}

/** Calls the operation with the session cookie: the data its response schemas declare, or the contract's error. */
export async function callApi<O extends Operation>(operation: O, input: CallInput<O> = {}): Promise<ApiResult<ResponseOf<O>>> {
  const body = input.text?.body ?? (input.body !== undefined ? JSON.stringify(input.body) : undefined);
  const contentType = input.text?.contentType ?? (body !== undefined ? "application/json" : undefined);
  const headers = { accept: "application/json", ...(contentType ? { "content-type": contentType } : {}) };
  const url = operationUrl(operation, input.params, input.query as Record<string, QueryValue>);
  let res: Response;
  try {
    res = await fetch(url, { method: operation.method, headers, body, signal: input.signal, credentials: "same-origin" });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    return { ok: false, status: 0, error: { code: "network_error", message: "Could not reach the server. Check your connection and try again." } };
  }
  const parsed = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, status: res.status, data: parsed as ResponseOf<O> };
  const error = (parsed as { error?: ApiErrorBody } | null)?.error;
  return { ok: false, status: res.status, error: error ?? { code: "http_error", message: `Request failed (${res.status})` } };
}
