import { escapeLiteral } from "pg";
import { describe, expect, it } from "vitest";
import { pgPool } from "../../lib/db/client";
import { OrgParams } from "../../lib/db/sql";
import { auditBatchSql } from "../../lib/domain/audit/read-audit-chain";
import { createTestOrg } from "../factories/org";
import { queueAuditEvents } from "../helpers/sql";

// The verify read is a named prepared statement (lib/db/sql.ts). After five runs on one
// connection PostgreSQL may plan it generically, and PGlite's one shared session keeps that plan
// for every caller. Under a generic plan the chunk digests' aggregate once sat inside a nested
// loop and ran again for each event row: verify of 2,600 events took 17 s on the embedded
// database (8 s on PostgreSQL) instead of milliseconds. The plan is checked, not the time.

type PlanNode = { "Node Type": string; "Actual Loops": number; Plans?: PlanNode[] };

function aggregates(node: PlanNode): PlanNode[] {
  const below = (node.Plans ?? []).flatMap(aggregates);
  return node["Node Type"] === "Aggregate" ? [node, ...below] : below;
}

describe("the audit chain's batch read", () => {
  it("computes each chunk's digest once under a generic plan", async () => {
    const org = await createTestOrg();
    await queueAuditEvents(org.orgId, 2600);

    const p = new OrgParams(org.orgId);
    const text = auditBatchSql(p, 0);
    const literals = p.values.map((v) => escapeLiteral(String(v))).join(", ");
    const client = await pgPool().connect();
    let plan: PlanNode;
    try {
      // In a transaction, so the setting ends with it (PGlite's session is everyone's).
      await client.query("BEGIN");
      await client.query("SET LOCAL plan_cache_mode = force_generic_plan");
      await client.query(`PREPARE tg_plan_check AS ${text}`);
      const explained = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE tg_plan_check(${literals})`);
      plan = (explained.rows[0]["QUERY PLAN"] as { Plan: PlanNode }[])[0].Plan;
    } finally {
      await client.query("ROLLBACK");
      await client.query("DEALLOCATE tg_plan_check").catch(() => {}); // gone already if PREPARE failed
      client.release();
    }

    const found = aggregates(plan);
    expect(found.length).toBeGreaterThan(0);
    for (const node of found) expect(node["Actual Loops"]).toBe(1);
  });
});
