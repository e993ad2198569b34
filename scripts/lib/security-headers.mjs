// Security headers of every response the production server (scripts/serve.mjs) sends, decided at
// run time from the environment the server starts with (next.config.mjs headers() would be frozen
// into the build, and HSTS depends on the deployment's public URL).
//
// The Content-Security-Policy has to let Next.js run: the App Router streams its payload in inline
// <script> elements, so script-src allows 'unsafe-inline' (nonces would make every page dynamic and
// need a proxy on every request); React renders style="" attributes, so style-src does too. No
// 'unsafe-eval', no origin but this one for scripts, styles, fetches and the event stream, no
// plugins, no <base> elsewhere, and no framing at all (frame-ancestors 'none', clickjacking).

import { setting } from "../../lib/config.mjs";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * The origin of `url`, or null when it is unset or malformed.
 * @param {string | undefined} url
 */
function originOf(url) {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * Strict-Transport-Security only when the configured public URL (NEXTAUTH_URL) is https and not
 * a loopback name: a browser that saw HSTS for localhost would refuse every other local http app.
 * @param {Record<string, string | undefined>} [env]
 */
export function wantsHsts(env) {
  const publicUrl = setting("NEXTAUTH_URL", env);
  if (!publicUrl) return false;
  try {
    const url = new URL(publicUrl);
    return url.protocol === "https:" && !LOCAL_HOSTS.has(url.hostname) && !url.hostname.endsWith(".localhost");
  } catch {
    return false;
  }
}

/**
 * The Content-Security-Policy value; form-action also admits the sign-in providers' origins when configured.
 * @param {Record<string, string | undefined>} [env]
 */
export function contentSecurityPolicy(env) {
  const formTargets = ["'self'", setting("GITHUB_ID", env) ? "https://github.com" : null, originOf(setting("OIDC_ISSUER", env))].filter(Boolean);
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${[...new Set(formTargets)].join(" ")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * [name, value] pairs for every response.
 * @param {Record<string, string | undefined>} [env] for tests; the process's environment otherwise
 * @returns {[string, string][]}
 */
export function securityHeaders(env) {
  /** @type {[string, string][]} */
  const headers = [
    ["Content-Security-Policy", contentSecurityPolicy(env)],
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ];
  if (wantsHsts(env)) headers.push(["Strict-Transport-Security", "max-age=31536000"]);
  return headers;
}
