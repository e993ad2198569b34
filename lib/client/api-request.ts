// The dashboard's client components call the same REST routes as agents and scripts, with the
// session cookie (same-origin), and read errors in the contract's shape.

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiErrorBody };

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as-is with this content type (a policy document). */
  text?: { body: string; contentType: string };
  signal?: AbortSignal;
}

export async function apiRequest<T = unknown>(path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: "application/json" };
  let body: string | undefined;
  if (options.text) {
    headers["content-type"] = options.text.contentType;
    body = options.text.body;
  } else if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: options.method ?? "GET", headers, body, signal: options.signal, credentials: "same-origin" });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    return { ok: false, status: 0, error: { code: "network_error", message: "Could not reach the server. Check your connection and try again." } };
  }
  const parsed = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return { ok: true, status: res.status, data: parsed as T };
  const error = (parsed as { error?: ApiErrorBody } | null)?.error;
  return { ok: false, status: res.status, error: error ?? { code: "http_error", message: `Request failed (${res.status})` } };
}
