import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Calls the real App Router route handlers in-process, routed from the files under app/api and
 * app/.well-known the way Next routes them (static segments before dynamic ones). The route list
 * is also what the bad-input suite iterates, so a new route is covered without editing a list.
 */
const APP = path.resolve(import.meta.dirname, "../../app");
const ROUTE_ROOTS = ["api", ".well-known"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type Method = (typeof METHODS)[number];

export interface RouteFile {
  /** e.g. /api/v1/intents/[id]/execute */
  template: string;
  file: string;
  pattern: RegExp;
  paramNames: string[];
  specificity: number[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? walk(full) : entry === "route.ts" ? [full] : [];
  });
}

/**
 * Slack's interactions endpoint answers Slack, signed with an org's secret, not the contract's callers:
 * tests/integration/slack.test.ts attacks it (forged, stale, replayed, foreign, malformed).
 */
const OUTSIDE_CONTRACT = [path.join(APP, "api", "slack")];

export const ROUTE_FILES: RouteFile[] = ROUTE_ROOTS.flatMap((root) => walk(path.join(APP, root)))
  .filter((file) => !OUTSIDE_CONTRACT.some((dir) => file.startsWith(dir + path.sep)))
  .map((file) => {
    const segments = path.relative(APP, path.dirname(file)).split(path.sep);
    const paramNames: string[] = [];
    const parts = segments.map((segment) => {
      const catchAll = /^\[\.\.\.(.+)\]$/.exec(segment);
      if (catchAll) {
        paramNames.push(catchAll[1]);
        return "(.+)";
      }
      const dynamic = /^\[(.+)\]$/.exec(segment);
      if (dynamic) {
        paramNames.push(dynamic[1]);
        return "([^/]+)";
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    });
    return {
      template: `/${segments.join("/")}`,
      file,
      pattern: new RegExp(`^/${parts.join("/")}$`),
      paramNames,
      specificity: segments.map((s) => (s.startsWith("[...") ? 2 : s.startsWith("[") ? 1 : 0)),
    };
  })
  .sort((a, b) => {
    for (let i = 0; i < Math.max(a.specificity.length, b.specificity.length); i++) {
      const d = (a.specificity[i] ?? -1) - (b.specificity[i] ?? -1);
      if (d !== 0) return d;
    }
    return 0;
  });

export async function routeMethods(route: RouteFile): Promise<Method[]> {
  const mod = (await import(route.file)) as Record<string, unknown>;
  return METHODS.filter((m) => typeof mod[m] === "function");
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as-is instead of JSON.stringify(body). */
  rawBody?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(method: Method, pathAndQuery: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const url = new URL(pathAndQuery, "http://localhost:3000");
  const route = ROUTE_FILES.find((r) => r.pattern.test(url.pathname));
  if (!route) throw new Error(`no route file for ${url.pathname}`);
  const match = route.pattern.exec(url.pathname)!;
  const params = Object.fromEntries(route.paramNames.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
  const mod = (await import(route.file)) as Record<string, (req: Request, ctx: unknown) => Promise<Response>>;
  const handler = mod[method];
  if (!handler) return { status: 405, body: null as T, headers: new Headers() };
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const req = new Request(url, { method, headers, body: payload, signal: options.signal });
  const res = await handler(req, { params: Promise.resolve(params) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON; keep the text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}
