import pg from "pg";
import type { BenchOrg } from "./bench-org";
import { quantile } from "./stats";

const DAY_MS = 86_400_000;

/**
 * `count` intents for the bench org over the last 90 days, written with generate_series: 20
 * actions, the status mix of a busy org (3 % still pending, with SLAs far off so the sweeper leaves
 * them be; no execution token expiry to sweep). Then VACUUM ANALYZE, as autovacuum would.
 */
export async function seedIntents(databaseUrl: string, org: BenchOrg, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const end = Date.now() - 60_000;
    const start = end - 90 * DAY_MS;
    const batch = 250_000;
    for (let first = 1; first <= count; first += batch) {
      const last = Math.min(count, first + batch - 1);
      await client.query(
        `INSERT INTO intents (id, org_id, agent_id, status, action, stage, environment, risk_tags, payload, payload_hash,
           outcome, rule_id, reason, reason_code, policy_snapshot, approvals_required, approver_role, step_up_required,
           sla_deadline, resolved_at, created_at, updated_at)
         SELECT 'int_seed' || lpad(n::text, 10, '0'), $1, $2, s.status::"IntentStatus", 'svc' || (n % 20) || '.op', 'run'::"Stage",
           'production', '{}', jsonb_build_object('n', n), md5(n::text),
           s.outcome::"Outcome", 'seed-rule', 'seed', 'seed', 'seed', 1, 'approver'::"Role", false,
           CASE WHEN s.outcome = 'require_approval' THEN now() + interval '30 days' END,
           CASE WHEN s.status <> 'pending_approval' THEN t END, t, t
         FROM generate_series($3::int, $4::int) n
           CROSS JOIN LATERAL (SELECT to_timestamp(($5::bigint + (n - 1)::bigint * ($6::bigint - $5::bigint) / $7::bigint) / 1000.0) AT TIME ZONE 'UTC' AS t) ts
           CROSS JOIN LATERAL (SELECT CASE WHEN n % 100 < 70 THEN 'succeeded' WHEN n % 100 < 78 THEN 'denied' WHEN n % 100 < 90 THEN 'approved'
             WHEN n % 100 < 97 THEN 'rejected' ELSE 'pending_approval' END AS status,
             CASE WHEN n % 100 < 70 THEN 'allow' WHEN n % 100 < 78 THEN 'deny' ELSE 'require_approval' END AS outcome) s`,
        [org.orgId, org.agentId, first, last, start, end, count],
      );
    }
    await client.query("VACUUM ANALYZE intents");
  } finally {
    await client.end();
  }
}

export interface ListingResult {
  name: string;
  path: string;
  items: number;
  p50Ms: number;
  p95Ms: number;
}

/** Times `requests` sequential GETs of each listing (after a few untimed ones), as a reviewer's browser would. */
export async function measureListings(baseUrl: string, org: BenchOrg, requests: number): Promise<ListingResult[]> {
  const pages = [
    { name: "approval queue, first page", path: "/api/v1/approvals?limit=50" },
    { name: "history, first page", path: "/api/v1/intents?limit=50" },
    // The seed's statuses follow n % 100 and its actions n % 20: svc11.op has rejected intents (n % 100 = 91).
    { name: "history, status + action filter", path: "/api/v1/intents?limit=50&status=rejected&action=svc11.op" },
    { name: "history, status filter", path: "/api/v1/intents?limit=50&status=pending_approval" },
    { name: "history, filter matching nothing", path: "/api/v1/intents?limit=50&status=rejected&action=svc7.op" },
    { name: "history, agent filter", path: `/api/v1/intents?limit=50&agent=${org.agentId}` },
  ];
  const results: ListingResult[] = [];
  for (const page of pages) {
    const get = async () => {
      const res = await fetch(`${baseUrl}${page.path}`, { headers: { authorization: `Bearer ${org.adminToken}` } });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`${page.path}: ${res.status} ${JSON.stringify(body)}`);
      return body.items.length as number;
    };
    for (let n = 0; n < 5; n++) await get();
    const times: number[] = [];
    let items = 0;
    for (let n = 0; n < requests; n++) {
      const started = performance.now();
      items = await get();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    results.push({ ...page, items, p50Ms: quantile(times, 0.5), p95Ms: quantile(times, 0.95) });
  }
  return results;
}
