import { Tollgate } from "../src/index.ts";

export interface RecordedCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal | undefined;
}

export type Handler = (call: RecordedCall, index: number) => Response | Promise<Response>;

/** A fetch that records each request and answers with `handler` (which may throw, like a dead network). */
export function fakeFetch(handler: Handler) {
  const calls: RecordedCall[] = [];
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const call: RecordedCall = {
      method: init.method ?? "GET",
      url: new URL(String(input)),
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: typeof init.body === "string" ? init.body : undefined,
      signal: init.signal ?? undefined,
    };
    calls.push(call);
    return handler(call, calls.length - 1);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

export const apiError = (status: number, code: string, message = code, details?: Record<string, unknown>) =>
  json({ error: details ? { code, message, details } : { code, message } }, status);

/** What undici throws when nothing answers. */
export const connectionRefused = () => Object.assign(new TypeError("fetch failed"), { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });

export function clientWith(handler: Handler, options: { token?: string; timeoutMs?: number } = {}) {
  const fake = fakeFetch(handler);
  const client = new Tollgate({ baseUrl: "http://tollgate.test/", token: options.token ?? "tg_agent_test", fetch: fake.fetch, timeoutMs: options.timeoutMs });
  return { client, calls: fake.calls };
}

/** An intent as the API returns it, with overrides. */
export function intent(overrides: Record<string, unknown> = {}) {
  return {
    id: "int_1",
    status: "allowed",
    action: "email.send",
    stage: "run",
    environment: null,
    destination: null,
    amount: null,
    currency: null,
    risk_tags: [],
    payload: {},
    payload_hash: "sha256:abc",
    summary: null,
    rationale: null,
    context: null,
    lease_id: null,
    resumes: null,
    agent_id: "agt_1",
    agent_name: "bot",
    decision: {
      outcome: "allow",
      rule_id: "r1",
      reason: "ok",
      reason_code: "policy_allowed",
      policy_snapshot: "sha256:p",
      approvals_required: 0,
      approver_role: "approver",
      step_up_required: false,
      sla_deadline: null,
    },
    approvals: [],
    expires_at: null,
    resolved_at: null,
    executed_at: null,
    completed_at: null,
    result: null,
    created_at: "2025-01-01T00:00:00.000Z",
    updated_at: "2025-01-01T00:00:00.000Z",
    ...overrides,
  };
}
