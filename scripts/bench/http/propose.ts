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
