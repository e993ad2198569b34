/**
 * The caller's network address, for per-address rate limits. scripts/serve.mjs (the production
 * server) sets X-Forwarded-For to exactly one trusted address — the socket's, or what trusted
 * proxies saw (TRUST_PROXY_HOPS) — so the first entry is the one to use.
 */
export function clientAddress(req: Request): string {
  return req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}
