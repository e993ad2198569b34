// No node: imports: the webhook schemas (and so the catalogue the dashboard's client components import) use it.
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
