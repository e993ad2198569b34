import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { isPrivateAddress } from "./private-address";

export interface PostResult {
  /** The HTTP status, or null when no response came (refused, timed out, blocked). */
  statusCode: number | null;
  /** Why the attempt failed without a status, or null. Never holds the body or the secret. */
  error: string | null;
  durationMs: number;
}

interface PostOptions {
  timeoutMs: number;
  allowPrivateTargets: boolean;
}

/**
 * One POST of a webhook body. The SSRF guard sits in the connection's DNS lookup, so the address
 * checked is the address connected to (no second resolution a rebinding DNS server could change);
 * IP literals skip DNS and are checked up front. Redirects are not followed: a 3xx is a failure.
 * The response body is drained and ignored; the whole exchange is bounded by `timeoutMs`.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, error, durationMs: elapsed() });
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return finish(null, "invalid URL");
    }
    if (target.protocol !== "http:" && target.protocol !== "https:") return finish(null, "only http and https URLs are allowed");
    const host = target.hostname.replace(/^\[|\]$/g, "");
    if (!options.allowPrivateTargets && isIP(host) && isPrivateAddress(host)) {
      return finish(null, `refused: ${host} is a private, loopback or link-local address`);
    }
    const client = target.protocol === "https:" ? https : http;
    const req = client.request(target, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      agent: false,
      lookup: options.allowPrivateTargets ? undefined : guardedLookup,
    });
    timer = setTimeout(() => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => finish(res.statusCode ?? null, null));
      res.on("error", (error) => finish(res.statusCode ?? null, describe(error)));
    });
    req.on("error", (error) => finish(null, describe(error)));
    req.end(body);
  });
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses a hostname if any of its addresses is private (net.connect calls it). */
function guardedLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const list = addresses as LookupAddress[];
    const bad = list.find((entry) => isPrivateAddress(entry.address));
    if (bad) {
      const refused = Object.assign(new Error(`refused: ${hostname} resolves to ${bad.address}, a private, loopback or link-local address`), { code: "EPRIVATE" });
      return callback(refused, []);
    }
    if (list.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
    if ((options as LookupAllOptions).all) return callback(null, list);
    callback(null, list[0].address, list[0].family);
  });
}

/** A short, secret-free description of a network error for the attempt log. */
function describe(error: Error & { code?: string }): string {
  const text = error.message || error.code || "request failed";
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
