import autocannon from "autocannon";
import type { BenchOrg } from "./bench-org";
import { proposalBody } from "./bench-org";

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** POST /api/v1/intents at `connections` concurrent agents for `seconds` (autocannon, keep-alive). */
export async function loadPropose(baseUrl: string, org: BenchOrg, action: string, connections: number, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `${baseUrl}/api/v1/intents`,
    method: "POST",
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${org.agentKey}`, "content-type": "application/json" },
    body: proposalBody(action),
  });
  return { rps: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

/**
 * The framework's own floor on the same route: POST /intents without credentials, answered 401
 * by route() before any database work. No proposal can be faster than this on this server, so it
 * bounds what the propose/INSERT ratio can reach on the machine.
 */
export async function loadUnauthenticated(baseUrl: string, connections: number, seconds: number): Promise<LoadResult> {
  const result = await autocannon({
    url: `${baseUrl}/api/v1/intents`,
    method: "POST",
    connections,
    duration: seconds,
    headers: { "content-type": "application/json" },
    body: proposalBody("bench.allow"),
  });
  // Every answer is a 401 by design: count what is not.
  const unexpected = result.non2xx - (result.statusCodeStats?.["401"]?.count ?? 0);
  return { rps: result.requests.average, p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: unexpected, errors: result.errors };
}
