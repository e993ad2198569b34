import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { z } from "zod";
import { type ApiErrorBody, operationUrl } from "../client/api-client";
import type { Operation } from "./operation";
import type { RouteHandler } from "./route";

/** What a page reads: the operation's 200 response schema, as the API answers it. */
export type ReadData<O extends Operation> = NonNullable<O["responses"][200]>["schema"] extends infer S extends z.ZodType ? z.output<S> : never;

/** A refusal the page shows in place of the data: 403 (a forbidden state), 422 (bad params: the page's invalid state), 404 when allowed. */
export type Read<T> = { ok: true; data: T } | { ok: false; status: 403 | 404 | 422; error: ApiErrorBody };

export interface ReadInput<O extends Operation> {
  params?: Record<string, string>;
  /** Raw values (Next's searchParams): the operation's query schema parses them, exactly as for the API. */
  query?: Partial<Record<NonNullable<O["query"]> extends z.ZodType ? keyof z.input<NonNullable<O["query"]>> : never, string | string[] | number | boolean | undefined>>;
  /** The dashboard page to come back to after signing in (401). */
  page?: string;
  /** A 404 is a state of the page (no policy saved yet), not Next's not-found page. */
  absentIsState?: boolean;
}

/**
 * A dashboard page's read: the operation's own route handler, called in this process with the
 * incoming request's cookie, so session auth, caller kind, role, zod-parsed params and error
 * mapping are the API's. 401 → the login page (with a way back), 404 → notFound(), 403/422 →
 * a refusal to render; anything else is a real failure for the error boundary.
 */
export async function readOperation<O extends Operation>(operation: O, handler: RouteHandler, input: ReadInput<O> = {}): Promise<Read<ReadData<O>>> {
  if (handler.operation !== operation || operation.method !== "GET") throw new Error(`${handler.operation.path}: not the GET handler of ${operation.path}`);
  const incoming = await headers();
  const url = new URL(operationUrl(operation, input.params), `http://${incoming.get("host") ?? "localhost"}`);
  for (const [key, value] of Object.entries(input.query ?? {})) {
    for (const one of [value].flat()) if (one !== undefined && one !== "") url.searchParams.append(key, String(one));
  }
  const req = new Request(url, { headers: { accept: "application/json", cookie: incoming.get("cookie") ?? "" } });
  const res = await handler(req, { params: Promise.resolve(input.params ?? {}) });
  const body = (await res.json().catch(() => null)) as { error?: ApiErrorBody } | null;
  if (res.ok) return { ok: true, data: body as ReadData<O> };
  if (res.status === 401) redirect(input.page ? `/login?next=${encodeURIComponent(input.page)}` : "/login");
  if (res.status === 404 && !input.absentIsState) notFound();
  if ((res.status === 403 || res.status === 404 || res.status === 422) && body?.error) return { ok: false, status: res.status, error: body.error };
  throw new Error(`${operation.method} ${operation.path} answered ${res.status}: ${body?.error?.message ?? "no error body"}`);
}
