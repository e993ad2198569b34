import { TollgateError, TollgateNetworkError } from "./errors.js";
import { VERSION } from "./version.js";

export interface ClientOptions {
  /** Where Tollgate runs, e.g. "http://localhost:3000". */
  baseUrl: string;
  /** An agent key (`tg_agent_…`) or a member's token (`tg_user_…`); omit only to log in. */
  token?: string;
  /** A fetch implementation (default: the global fetch). */
  fetch?: typeof fetch;
  /** Prepended to this SDK's User-Agent. */
  userAgent?: string;
  /** Per-request timeout in milliseconds (default 30 s; 0 = none). Long-polls add their wait. */
  timeoutMs?: number;
}

type QueryValue = string | number | boolean | Date | null | undefined;

export interface RequestSpec {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  query?: object;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with its content type (a YAML policy). */
  text?: { body: string; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Overrides the client's timeout; 0 = none (streams). */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Sends requests with auth and timeouts, and turns every failure into one of the SDK's errors. */
export class Http {
  private readonly baseUrl: string;
  private readonly token: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly userAgent: string;
  private readonly timeoutMs: number;

  constructor(options: ClientOptions) {
    if (!options.baseUrl) throw new TypeError("Tollgate: baseUrl is required");
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.token = options.token;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.userAgent = [options.userAgent, `tollgate-sdk-js/${VERSION}`].filter(Boolean).join(" ");
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** A 2xx answer's JSON body. */
  async json<T>(spec: RequestSpec): Promise<T> {
    return this.send(spec, async (res) => (await res.json()) as T);
  }

  /** A 2xx answer's text body. */
  async text(spec: RequestSpec): Promise<string> {
    return this.send(spec, (res) => res.text());
  }

  /** A 2xx answer with its body unread (event streams); no timeout applies unless given. */
  async open(spec: RequestSpec): Promise<Response> {
    return this.send({ ...spec, timeoutMs: spec.timeoutMs ?? 0 }, async (res) => res);
  }

  private async send<T>(spec: RequestSpec, read: (res: Response) => Promise<T>): Promise<T> {
    const timeoutMs = spec.timeoutMs ?? this.timeoutMs;
    const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const signals = [spec.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    let status = 0;
    try {
      const res = await this.fetchImpl(this.url(spec), { method: spec.method, headers: this.headers(spec), body: body(spec), signal });
      status = res.status;
      if (!res.ok) throw await errorFrom(res);
      return await read(res);
    } catch (error) {
      if (error instanceof TollgateError) throw error;
      if (error instanceof SyntaxError) {
        throw new TollgateError({ status, code: "invalid_response", message: `${spec.method} ${spec.path} answered ${status} with a body that is not JSON` });
      }
      // The caller's abort is theirs to handle: reject with their reason, unwrapped.
      if (spec.signal?.aborted) throw spec.signal.reason;
      if (timeout?.aborted) throw new TollgateNetworkError(`${spec.method} ${spec.path} timed out after ${timeoutMs} ms`, { cause: error });
      throw new TollgateNetworkError(`${spec.method} ${spec.path} failed: ${(error as Error)?.message ?? error}`, { cause: error });
    }
  }

  private url(spec: RequestSpec): string {
    const url = new URL(this.baseUrl + spec.path);
    for (const [key, value] of Object.entries((spec.query ?? {}) as Record<string, QueryValue>)) {
      if (value === undefined || value === null) continue;
      url.searchParams.set(key, value instanceof Date ? value.toISOString() : String(value));
    }
    return url.toString();
  }

  private headers(spec: RequestSpec): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json", "user-agent": this.userAgent, ...spec.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (spec.json !== undefined) headers["content-type"] = "application/json";
    if (spec.text) headers["content-type"] = spec.text.contentType;
    return headers;
  }
}

function body(spec: RequestSpec): string | undefined {
  if (spec.text) return spec.text.body;
  return spec.json === undefined ? undefined : JSON.stringify(spec.json);
}

/** The contract's error body when there is one; otherwise a generic `http_error` with the status. */
async function errorFrom(res: Response): Promise<TollgateError> {
  const text = await res.text().catch(() => "");
  const error = parseErrorBody(text);
  const message = error?.message ?? `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}${text ? `: ${text.slice(0, 200)}` : ""}`;
  return new TollgateError({
    status: res.status,
    code: error?.code ?? "http_error",
    message,
    details: error?.details,
    // The server names the request id of a 500 in its message; a proxy may set a header.
    requestId: res.headers.get("x-request-id") ?? /\(request ([\w-]+)\)/.exec(message)?.[1],
    retryAfterMs: retryAfter(res.headers.get("retry-after")),
  });
}

function parseErrorBody(text: string): { code: string; message?: string; details?: Record<string, unknown> } | null {
  try {
    const error = (JSON.parse(text) as { error?: unknown })?.error as Record<string, unknown> | undefined;
    if (!error || typeof error.code !== "string") return null;
    return {
      code: error.code,
      message: typeof error.message === "string" ? error.message : undefined,
      details: error.details && typeof error.details === "object" ? (error.details as Record<string, unknown>) : undefined,
    };
  } catch {
    return null;
  }
}

/** Retry-After in seconds or as an HTTP date. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
