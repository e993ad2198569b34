import { describe, expect, it } from "vitest";
import { OrgParams, orgBoundSql, orgSql } from "../../lib/db/sql";
import { contextOf } from "../../lib/domain/request-context";
import { Prisma } from "../../lib/generated/prisma/client";

describe("org-bound SQL", () => {
  it("binds the org id as $1 and builds a statement that uses it for org_id", () => {
    const p = new OrgParams("org_a");
    const text = p.text(`SELECT id FROM agents WHERE id = ${p.add("agt_1")} AND org_id = ${p.org}`);
    expect(p.org).toBe("$1::text");
    expect(p.values).toEqual(["org_a", "agt_1"]);
    expect(text).toBe("SELECT id FROM agents WHERE id = $2::text AND org_id = $1::text");
  });

  it("refuses to build a statement without org_id, or whose org_id is not the bound org", () => {
    const p = new OrgParams("org_a");
    expect(() => p.text(`SELECT id FROM agents WHERE id = ${p.add("agt_1")}`)).toThrow(/org_id/);
    expect(() => p.text(`SELECT id FROM agents WHERE id = ${p.add("agt_1")} AND org_id = ${p.add("org_b")}`)).toThrow(/org_id/);
    // $10 is not $1: the placeholder must be the org's own.
    const q = new OrgParams("org_a");
    for (let i = 0; i < 8; i++) q.add(i);
    const tenth = q.add("org_a");
    expect(tenth).toBe("$10::text");
    expect(() => q.text(`SELECT 1 FROM agents WHERE org_id = ${tenth}`)).toThrow(/org_id/);
  });

  it("runs nothing it could not build (refused before any connection is asked for)", async () => {
    await expect(orgSql("org_a")((p) => `SELECT id FROM agents WHERE id = ${p.add("agt_1")}`)).rejects.toThrow(/org_id/);
  });

  it("needs an org id", () => {
    expect(() => new OrgParams("")).toThrow(/organization id/);
  });

  it("accepts Prisma's composed SQL only when it names org_id and binds the org id", () => {
    const query = Prisma.sql`SELECT count(*) FROM intents i WHERE i.org_id = ${"org_a"}`;
    expect(orgBoundSql("org_a", query)).toBe(query);
    expect(() => orgBoundSql("org_a", Prisma.sql`SELECT count(*) FROM intents i WHERE i.org_id = ${"org_b"}`)).toThrow(/org_id/);
    expect(() => orgBoundSql("org_a", Prisma.sql`SELECT count(*) FROM intents WHERE agent_id = ${"org_a"}`)).toThrow(/org_id/);
  });
});

describe("contextOf", () => {
  it("takes org, actor and role from the principal", () => {
    const user = contextOf({ kind: "user", orgId: "org_a", userId: "usr_1", role: "approver", via: "token" });
    expect([user.orgId, user.actor, user.role]).toEqual(["org_a", { type: "user", id: "usr_1" }, "approver"]);
    const agent = contextOf({ kind: "agent", orgId: "org_a", agentId: "agt_1", agentName: "bot" });
    expect([agent.actor, agent.role]).toEqual([{ type: "agent", id: "agt_1" }, null]);
  });
});
