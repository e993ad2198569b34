import type { Limit } from "./rate-limit";

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

// The limits, read when used so an operator's environment (and a test's) applies. Defaults suit
// agents that propose in bursts (hundreds a minute) and people who mistype a password now and then.

/** POST /intents per agent key. */
export const proposePerKey = (): Limit => ({ name: "propose_key", max: setting("RATE_LIMIT_PROPOSE_PER_MINUTE", 600), windowSeconds: 60 });
/** POST /intents per client address (several agents may share one host). */
export const proposePerAddress = (): Limit => ({ name: "propose_ip", max: setting("RATE_LIMIT_PROPOSE_PER_IP_PER_MINUTE", 3000), windowSeconds: 60 });
/** Token endpoints (password login, new personal access tokens) per client address. */
export const tokensPerAddress = (): Limit => ({ name: "token_ip", max: setting("RATE_LIMIT_TOKEN_PER_IP_PER_MINUTE", 30), windowSeconds: 60 });
/** Failed password logins per (email, address): the brute-force brake. */
export const loginFailuresPerAddress = (): Limit => ({ name: "login_fail_ip", max: setting("RATE_LIMIT_LOGIN_FAILURES", 5), windowSeconds: 900 });
/** Failed password logins per email from anywhere (a distributed guess at one account). */
export const loginFailuresPerEmail = (): Limit => ({ name: "login_fail_email", max: setting("RATE_LIMIT_LOGIN_FAILURES_PER_EMAIL", 30), windowSeconds: 3600 });
