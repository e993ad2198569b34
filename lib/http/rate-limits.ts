import type { Backoff } from "./backoff";
import type { ConcurrencyLimit } from "./open-slots";
import type { Limit } from "./rate-limit";
import { setting } from "../config.mjs";

// The limits, read when used so an operator's environment (and a test's) applies. Defaults suit
// agents that propose in bursts (hundreds a minute) and people who mistype a password now and then.

/** POST /intents per agent key. */
export const proposePerKey = (): Limit => ({ name: "propose_key", max: setting("RATE_LIMIT_PROPOSE_PER_MINUTE"), windowSeconds: 60 });
/** POST /intents per client address (several agents may share one host). */
export const proposePerAddress = (): Limit => ({ name: "propose_ip", max: setting("RATE_LIMIT_PROPOSE_PER_IP_PER_MINUTE"), windowSeconds: 60 });
/** Token endpoints (password login, new personal access tokens) per client address. */
export const tokensPerAddress = (): Limit => ({ name: "token_ip", max: setting("RATE_LIMIT_TOKEN_PER_IP_PER_MINUTE"), windowSeconds: 60 });
/** Public passkey sign-in options per client address (each one stores a challenge until it is used or swept). */
export const passkeyOptionsPerAddress = (): Limit => ({ name: "passkey_ip", max: setting("RATE_LIMIT_PASSKEY_OPTIONS_PER_IP_PER_MINUTE"), windowSeconds: 60 });
/**
 * Password logins per (email, address): the brute-force brake. After `free` failures in a row
 * each further attempt must wait, twice as long each time (1 s, 2 s, 4 s … at most 15 min). A
 * failure is forgotten 15 min after it (one at a time), and a success forgets them all.
 * Keyed on the address too, so nobody elsewhere can lock the account's owner out.
 */
export const loginBackoff = (): Backoff => ({
  name: "login_backoff",
  free: setting("RATE_LIMIT_LOGIN_FAILURES"),
  baseSeconds: setting("RATE_LIMIT_LOGIN_BACKOFF_SECONDS"),
  maxSeconds: 900,
  decaySeconds: 900,
});
/** Failed password logins per client address over all emails (one address spraying a password at many accounts). */
export const loginFailuresPerAddress = (): Limit => ({ name: "login_fail_ip", max: setting("RATE_LIMIT_LOGIN_FAILURES_PER_IP"), windowSeconds: 3600 });
/** GET /events streams open at once per caller; EventSource and the SDK reconnect, so a few seconds. */
export const eventStreamsPerCaller = (): ConcurrencyLimit => ({ name: "event_streams", max: setting("EVENT_STREAMS_PER_CALLER"), retryAfterSeconds: 5 });
/** GET /intents/{id}?wait=N long-polls open at once per caller; each ends within 60 s, most much sooner. */
export const longPollsPerCaller = (): ConcurrencyLimit => ({ name: "long_polls", max: setting("LONG_POLLS_PER_CALLER"), retryAfterSeconds: 1 });
