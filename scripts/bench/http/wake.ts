import type { BenchOrg } from "./bench-org";
import { expectJson, proposalBody } from "./bench-org";
import { quantile } from "./stats";

export interface WakeResult {
  samples: number;
  /** Approve request sent → the waiting long-poll answered. */
  p50Ms: number;
  p99Ms: number;
  /** Approve request sent → approve response received, for comparison. */
  approveP50Ms: number;
  /** The waiter's answer after the approver's, per sample (negative when the waiter came first), p99. */
  lagP99Ms: number;
}

/**
 * For each sample: propose an approval-required intent, park a long-poll on it
 * (GET /intents/{id}?wait=30), approve it as the admin, and time the waiter's answer.
 */
export async function measureWake(baseUrl: string, org: BenchOrg, samples: number, parkMs = 100): Promise<WakeResult> {
  const agent = { authorization: `Bearer ${org.agentKey}`, "content-type": "application/json" };
  const admin = { authorization: `Bearer ${org.adminToken}`, "content-type": "application/json" };
  const wakes: number[] = [];
  const approves: number[] = [];
  const lags: number[] = [];
  for (let n = 0; n < samples; n++) {
    const intent = await expectJson(fetch(`${baseUrl}/api/v1/intents`, { method: "POST", headers: agent, body: proposalBody("bench.approve") }), 201);
    const waiter = fetch(`${baseUrl}/api/v1/intents/${intent.id}?wait=30`, { headers: agent }).then(async (res) => {
      const at = performance.now();
      const body = await res.json();
      return { at, status: body.status as string, body };
    });
    await new Promise((resolve) => setTimeout(resolve, parkMs));
    const sent = performance.now();
    await expectJson(fetch(`${baseUrl}/api/v1/approvals/${intent.id}/approve`, { method: "POST", headers: admin, body: JSON.stringify({ reason: "bench" }) }), 200);
    approves.push(performance.now() - sent);
    const woke = await waiter;
    if (woke.status !== "approved") throw new Error(`waiter answered ${JSON.stringify(woke.body)}`);
    wakes.push(woke.at - sent);
    lags.push(woke.at - sent - (approves[approves.length - 1] as number));
  }
  wakes.sort((a, b) => a - b);
  approves.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return { samples, p50Ms: quantile(wakes, 0.5), p99Ms: quantile(wakes, 0.99), approveP50Ms: quantile(approves, 0.5), lagP99Ms: quantile(lags, 0.99) };
}
