import { isIP } from "node:net";
import { isLocalHostname, isPrivateAddress } from "./private-address";

export const MAX_URL_LENGTH = 2048;

/**
 * What is wrong with a webhook URL as written, or null: http(s) only, a host, and no user:password
 * part (list routes show the URL to admins and the audit trail shows its host; credentials belong
 * in the receiver's check of the signature, not in the URL).
 */
export function webhookUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute http or https URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "only http and https URLs are allowed";
  if (!url.hostname) return "must name a host";
  if (url.username || url.password) return "must not carry a user name or password";
  return null;
}

/**
 * The early, literal half of the SSRF guard (the delivery-time DNS check is the real one): a URL
 * naming localhost or a private, loopback or link-local IP is refused unless private targets are allowed.
 */
export function privateTargetProblem(value: string, allowPrivateTargets: boolean): string | null {
  if (allowPrivateTargets) return null;
  const host = new URL(value).hostname.replace(/^\[|\]$/g, "");
  if (isLocalHostname(host) || (isIP(host) && isPrivateAddress(host))) {
    return "targets a private, loopback or link-local address (set WEBHOOK_ALLOW_PRIVATE_TARGETS=1 to allow)";
  }
  return null;
}
