import { describe, expect, it } from "vitest";
import { inOrgTx } from "../../lib/db/scoped";
import { appendAuditEvent } from "../../lib/domain/audit/append-audit-event";
import { createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { auditCount, auditTypesFor, sqlRows } from "../helpers/sql";

// The routes the dashboard added to the contract: policy validation, personal access tokens and
// the audit export; plus the list behaviour the history page relies on.

const POLICY = `version: 1
default: require_approval
rules:
  - id: refunds
    match: { action: payment.refund }
    when: { all: [ { field: amount, op: lt, value: 100 } ] }
    decision: allow
  - id: no-deletes
    match: { action: "crm.delete*" }
    decision: deny
`;

const validate = (token: string, body: unknown) => call("POST", "/api/v1/policy/validate", { token, body });

describe("POST /api/v1/policy/validate", () => {
  it("answers a valid document with its rule count and the snapshot a save would give it, and saves nothing", async () => {
    const org = await createTestOrg();
    const viewer = await org.user("viewer");
    const eventsBefore = await auditCount(org.orgId);
    const res = await validate(viewer.token, { policy: POLICY, format: "yaml" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, rules: 2, default: "require_approval", snapshot: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    // The format defaults to YAML; JSON of the same document has the same snapshot.
    const asJson = await validate(viewer.token, {
      policy: JSON.stringify({ version: 1, default: "require_approval", rules: [
        { id: "refunds", match: { action: "payment.refund" }, when: { all: [{ field: "amount", op: "lt", value: 100 }] }, decision: "allow" },
        { id: "no-deletes", match: { action: "crm.delete*" }, decision: "deny" },
      ] }, null, 2),
      format: "json",
    });
    expect(asJson.body.snapshot).toBe(res.body.snapshot);
    expect((await validate(viewer.token, { policy: POLICY })).body.snapshot).toBe(res.body.snapshot);

    expect(await sqlRows("SELECT id FROM policy_versions WHERE org_id = $1", org.orgId)).toEqual([]);
    expect(await auditCount(org.orgId)).toBe(eventsBefore);
    const saved = await org.setPolicy(POLICY);
    expect(saved.snapshot).toBe(res.body.snapshot);
  });

  it("lists every issue with its rule, field, message and source line", async () => {
    const org = await createTestOrg();
    const text = [
      "version: 1", //                                   1
      "default: require_approval", //                    2
      "rules:", //                                       3
      "  - id: fine", //                                 4
      "    decision: allow", //                          5
      "  - id: broken", //                               6
      "    decison: deny", //                            7
      "    when:", //                                    8
      "      all:", //                                   9
      "        - { field: amount, op: about, value: 1 }", // 10
    ].join("\n");
    const res = await validate(org.admin.token, { policy: text });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    const byField = Object.fromEntries(res.body.issues.map((i: { field: string }) => [i.field, i]));
    expect(byField["rules[1].decison"]).toMatchObject({ rule: "broken", line: 7, message: expect.stringContaining("not an allowed key") });
    expect(byField["rules[1].when.all[0].op"]).toMatchObject({ rule: "broken", line: 10, message: expect.stringContaining("must be one of") });
    // A missing key points at the rule that lacks it.
    expect(byField["rules[1].decision"]).toMatchObject({ rule: "broken", line: 6, message: expect.stringContaining("is required") });
    expect(res.body.issues).toHaveLength(3);
  });

  it("reports syntax errors, duplicate keys and empty text as issues with their line, not as request errors", async () => {
    const org = await createTestOrg();
    const syntax = await validate(org.admin.token, { policy: "version: 1\nrules: [\n" });
    expect(syntax.status).toBe(200);
    expect(syntax.body.ok).toBe(false);
    expect(syntax.body.issues[0]).toMatchObject({ rule: null, field: "", message: expect.stringMatching(/^invalid YAML/), line: 3 });

    const duplicate = await validate(org.admin.token, { policy: "version: 1\ndefault: allow\ndefault: deny\n" });
    expect(duplicate.body.issues[0]).toMatchObject({ message: expect.stringContaining("duplicate key"), line: 3 });

    const json = await validate(org.admin.token, { policy: '{"version": 1,', format: "json" });
    expect(json.body.ok).toBe(false);
    expect(json.body.issues[0].message).toMatch(/^invalid JSON/);

    const empty = await validate(org.admin.token, { policy: "  \n" });
    expect(empty.body).toEqual({ ok: false, issues: [{ rule: null, field: "", message: "policy document is empty" }] });
  });

  it("applies the same storability checks as a save", async () => {
    const org = await createTestOrg();
    const res = await validate(org.admin.token, { policy: 'rules:\n  - { id: a, decision: allow, reason: "x\\0y" }\n' });
    expect(res.body.ok).toBe(false);
    expect(res.body.issues[0]).toMatchObject({ rule: "a", field: "rules[0].reason", line: 2 });
  });

  it("refuses a bad format, an agent key and a missing token", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    const bad = await validate(org.admin.token, { policy: POLICY, format: "toml" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("validation_failed");
    expect(bad.body.error.details.issues[0].path).toEqual(["format"]);
    const asAgent = await validate(agent.key, { policy: POLICY });
    expect(asAgent.status).toBe(403);
    expect(asAgent.body.error.code).toBe("forbidden");
    const anonymous = await call("POST", "/api/v1/policy/validate", { body: { policy: POLICY } });
    expect(anonymous.status).toBe(401);
  });
});

describe("PUT /api/v1/policy issues", () => {
  it("name the source line of each issue, so the editor can point at it", async () => {
    const org = await createTestOrg();
    const res = await call("PUT", "/api/v1/policy", {
      token: org.admin.token,
      rawBody: "version: 1\nrules:\n  - id: a\n    decision: perhaps\n",
      headers: { "content-type": "application/yaml" },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("invalid_policy");
    expect(res.body.error.details).toMatchObject({ rule: "a", field: "rules[0].decision" });
    expect(res.body.error.details.issues[0]).toMatchObject({ rule: "a", field: "rules[0].decision", line: 4 });
  });
});

const createToken = (token: string, body: unknown) => call("POST", "/api/v1/tokens", { token, body });

describe("personal access tokens: /api/v1/tokens", () => {
  it("mints a token shown once that works at once, lists it without its secret, and audits it", async () => {
    const org = await createTestOrg();
    const viewer = await org.user("viewer");
    const before = Date.now();
    const res = await createToken(viewer.token, { name: "laptop cli", expires_in_days: 7 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^pat_/),
      name: "laptop cli",
      token: expect.stringMatching(/^tg_user_[0-9A-Za-z]{43}$/),
      status: "active",
      revoked_at: null,
      last_used_at: null,
    });
    expect(res.body.suffix).toBe(res.body.token.slice(-4));
    const expires = Date.parse(res.body.expires_at);
    expect(expires).toBeGreaterThanOrEqual(before + 7 * 86_400_000 - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000 + 1000);

    const me = await call("GET", "/api/v1/me", { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ kind: "user", id: viewer.userId, org_id: org.orgId, role: "viewer" });

    const list = await call("GET", "/api/v1/tokens", { token: viewer.token });
    expect(list.status).toBe(200);
    const listed = list.body.items.find((t: { id: string }) => t.id === res.body.id);
    expect(listed).toMatchObject({ name: "laptop cli", suffix: res.body.suffix, status: "active", current: false });
    expect(listed).not.toHaveProperty("token");
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);
    // The viewer's login token (from the factory) is listed too, and marked as the one in use.
    expect(list.body.items.filter((t: { current: boolean }) => t.current)).toHaveLength(1);
    // Only the hash is stored.
    const [row] = await sqlRows<{ token_hash: string }>("SELECT token_hash FROM api_tokens WHERE id = $1", res.body.id);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(res.body.token);

    expect(await auditTypesFor(org.orgId, res.body.id)).toEqual(["token.created"]);
  });

  it("lists only the caller's own tokens, newest first, with a working cursor", async () => {
    const org = await createTestOrg();
    const viewer = await org.user("viewer");
    const names = ["one", "two", "three"];
    for (const name of names) expect((await createToken(viewer.token, { name })).status).toBe(201);
    await createToken(org.admin.token, { name: "admin-only" });

    const first = await call("GET", "/api/v1/tokens?limit=2", { token: viewer.token });
    expect(first.body.items.map((t: { name: string }) => t.name)).toEqual(["three", "two"]);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await call("GET", `/api/v1/tokens?limit=2&cursor=${encodeURIComponent(first.body.next_cursor)}`, { token: viewer.token });
    // "one", then the factory's login token ("api"); no page repeats a token.
    expect(second.body.items.map((t: { name: string }) => t.name)).toEqual(["one", "api"]);
    expect(second.body.next_cursor).toBeNull();
    const all = [...first.body.items, ...second.body.items];
    expect(all.some((t: { name: string }) => t.name === "admin-only")).toBe(false);

    const garbage = await call("GET", "/api/v1/tokens?cursor=garbage", { token: viewer.token });
    expect(garbage.status).toBe(422);
  });

  it("revokes the caller's own token at once; revoking again changes nothing", async () => {
    const org = await createTestOrg();
    const viewer = await org.user("viewer");
    const minted = (await createToken(viewer.token, { name: "ci" })).body;
    const revoked = await call("DELETE", `/api/v1/tokens/${minted.id}`, { token: viewer.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: minted.id, status: "revoked", revoked_at: expect.any(String) });

    const me = await call("GET", "/api/v1/me", { token: minted.token });
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe("unauthorized");

    const again = await call("DELETE", `/api/v1/tokens/${minted.id}`, { token: viewer.token });
    expect(again.status).toBe(200);
    expect(again.body.revoked_at).toBe(revoked.body.revoked_at);
    expect(await auditTypesFor(org.orgId, minted.id)).toEqual(["token.created", "token.revoked"]);

    const listed = (await call("GET", "/api/v1/tokens", { token: viewer.token })).body.items.find((t: { id: string }) => t.id === minted.id);
    expect(listed.status).toBe("revoked");
  });

  it("answers another member's token, and another org's, exactly like a token that does not exist", async () => {
    const org = await createTestOrg();
    const other = await createTestOrg();
    const viewer = await org.user("viewer");
    const minted = (await createToken(viewer.token, { name: "mine" })).body;
    const eventsBefore = await auditCount(org.orgId);

    const missing = await call("DELETE", "/api/v1/tokens/pat_00000000000000000000", { token: org.admin.token });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
    // An admin of the same org cannot revoke a member's personal token through this route…
    const byAdmin = await call("DELETE", `/api/v1/tokens/${minted.id}`, { token: org.admin.token });
    // …nor can anyone of another org.
    const byOtherOrg = await call("DELETE", `/api/v1/tokens/${minted.id}`, { token: other.admin.token });
    for (const res of [byAdmin, byOtherOrg]) {
      expect(res.status).toBe(404);
      expect(res.body).toEqual(missing.body);
    }
    expect((await call("GET", "/api/v1/me", { token: minted.token })).status).toBe(200);
    expect(await auditCount(org.orgId)).toBe(eventsBefore);
    const otherList = await call("GET", "/api/v1/tokens", { token: other.admin.token });
    expect(otherList.body.items.some((t: { id: string }) => t.id === minted.id)).toBe(false);
  });

  it("does not let a token mint a token that outlives it", async () => {
    const org = await createTestOrg();
    const parent = (await createToken(org.admin.token, { name: "short", expires_in_days: 2 })).body;
    const child = await createToken(parent.token, { name: "long", expires_in_days: 365 });
    expect(child.status).toBe(201);
    expect(child.body.expires_at).toBe(parent.expires_at);
    const shorter = (await createToken(parent.token, { name: "shorter", expires_in_days: 1 })).body;
    expect(Date.parse(shorter.expires_at)).toBeLessThan(Date.parse(parent.expires_at));
  });

  it("refuses bad lifetimes and names, agent keys and missing tokens", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    for (const body of [
      { name: "x", expires_in_days: 0 },
      { name: "x", expires_in_days: 366 },
      { name: "x", expires_in_days: 1.5 },
      { name: "   " },
      { name: "x".repeat(101) },
      {},
    ]) {
      const res = await createToken(org.admin.token, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
    }
    for (const [method, path] of [["GET", "/api/v1/tokens"], ["POST", "/api/v1/tokens"], ["DELETE", "/api/v1/tokens/pat_x"]] as const) {
      const asAgent = await call(method, path, { token: agent.key, body: method === "POST" ? { name: "x" } : undefined });
      expect(asAgent.status, `${method} ${path}`).toBe(403);
      expect((await call(method, path)).status, `${method} ${path}`).toBe(401);
    }
  });
});

/** RFC 4180 reader for the assertions: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const COLUMNS = ["seq", "at", "actor_type", "actor_id", "type", "subject_type", "subject_id", "data", "prev_hash", "hash"];

describe("GET /api/v1/audit/export", () => {
  it("downloads every event as CSV: a header row, one escaped row per event in seq order, data as JSON", async () => {
    const org = await createTestOrg();
    const other = await createTestOrg();
    const viewer = await org.user("viewer");
    // Free text that needs escaping reaches the chain through a token name.
    const awkward = 'He said "ship it", then, well\u2026 left; ünïcødé';
    const minted = (await createToken(viewer.token, { name: awkward })).body;

    const res = await call("GET", "/api/v1/audit/export?format=csv", { token: viewer.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="audit-${org.orgId}-[0-9-]+\\.csv"$`));
    expect(typeof res.body).toBe("string");
    expect(res.body.endsWith("\r\n")).toBe(true);

    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual(COLUMNS);
    const api = (await call("GET", "/api/v1/audit?limit=200", { token: viewer.token })).body.items;
    expect(rows.length - 1).toBe(api.length);
    rows.slice(1).forEach((row, i) => {
      const e = api[i];
      expect(row).toEqual([String(e.seq), e.at, e.actor.type, e.actor.id ?? "", e.type, e.subject.type, e.subject.id, JSON.stringify(e.data), e.prev_hash, e.hash]);
    });
    const tokenRow = rows.find((r) => r[6] === minted.id)!;
    expect(JSON.parse(tokenRow[7]).name).toBe(awkward);
    // The quote-bearing field is wrapped in quotes with its quotes doubled.
    const tokenEvent = api.find((e: { subject: { id: string } }) => e.subject.id === minted.id);
    expect(res.body).toContain(`,"${JSON.stringify(tokenEvent.data).replaceAll('"', '""')}",`);
    expect(res.body).not.toContain(other.orgId);
    expect(res.body).not.toContain(other.admin.userId);
  });

  it("downloads the same events as the JSON evidence file, filtered by type, actor and subject", async () => {
    const org = await createTestOrg();
    const viewer = await org.user("viewer");
    const minted = (await createToken(viewer.token, { name: "export-me" })).body;
    await call("DELETE", `/api/v1/tokens/${minted.id}`, { token: viewer.token });

    const all = await call("GET", "/api/v1/audit/export?format=json", { token: viewer.token });
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(all.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-.+\.json"$/);
    const api = (await call("GET", "/api/v1/audit?limit=200", { token: viewer.token })).body.items;
    expect(all.body).toMatchObject({ org_id: org.orgId, filtered: false, events: api, checkpoints: [] });
    expect(Date.parse(all.body.exported_at)).not.toBeNaN();

    const events = async (query: string) => {
      const res = await call("GET", `/api/v1/audit/export?format=json&${query}`, { token: viewer.token });
      expect(res.body.filtered, query).toBe(true);
      return res.body.events as { type: string; seq: number; actor: { id: string } }[];
    };
    expect((await events("type=token.revoked")).map((e) => e.type)).toEqual(["token.revoked"]);
    expect((await events(`subject=${minted.id}`)).map((e) => e.type)).toEqual(["token.created", "token.revoked"]);
    const byActor = await events(`actor=${viewer.userId}`);
    expect(byActor.length).toBeGreaterThanOrEqual(2);
    for (const e of byActor) expect(e.actor.id).toBe(viewer.userId);
    const seqs = byActor.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    expect(await events("type=no.such.type")).toEqual([]);
    const noneCsv = await call("GET", "/api/v1/audit/export?type=no.such.type", { token: viewer.token });
    expect(noneCsv.body).toBe(`${COLUMNS.join(",")}\r\n`);
  });

  it("streams exports larger than one read batch completely and in order", async () => {
    const org = await createTestOrg();
    await inOrgTx(org.orgId, async (tx) => {
      for (let i = 0; i < 1010; i++) {
        await appendAuditEvent(tx, org.orgId, { actor: { type: "system", id: null }, type: "test.bulk", subject: { type: "test", id: `t${i}` }, data: { i } });
      }
    });
    const res = await call("GET", "/api/v1/audit/export?format=json&type=test.bulk", { token: org.admin.token });
    expect(res.body.events).toHaveLength(1010);
    expect(res.body.events.map((e: { data: { i: number } }) => e.data.i)).toEqual(Array.from({ length: 1010 }, (_, i) => i));
    const csv = parseCsv((await call("GET", "/api/v1/audit/export?type=test.bulk", { token: org.admin.token })).body);
    expect(csv).toHaveLength(1011);
    expect(csv[1010][6]).toBe("t1009");
  });

  it("refuses agents, missing tokens, unknown formats and parameters", async () => {
    const org = await createTestOrg();
    const agent = await org.agent();
    expect((await call("GET", "/api/v1/audit/export", { token: agent.key })).status).toBe(403);
    expect((await call("GET", "/api/v1/audit/export")).status).toBe(401);
    for (const query of ["?format=xml", "?limit=10", "?type=", "?actor=a%00b"]) {
      const res = await call("GET", `/api/v1/audit/export${query}`, { token: org.admin.token });
      expect(res.status, query).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
    }
  });
});

describe("GET /api/v1/audit filters", () => {
  it("filters by actor and subject and stays in ascending seq order with cursor = last seq", async () => {
    const org = await createTestOrg();
    const viewer = await org.user("viewer");
    const a = (await createToken(viewer.token, { name: "a" })).body;
    await call("DELETE", `/api/v1/tokens/${a.id}`, { token: viewer.token });

    const bySubject = await call("GET", `/api/v1/audit?subject=${a.id}`, { token: org.admin.token });
    expect(bySubject.body.items.map((e: { type: string }) => e.type)).toEqual(["token.created", "token.revoked"]);
    const byActor = await call("GET", `/api/v1/audit?actor=${viewer.userId}&limit=1`, { token: org.admin.token });
    expect(byActor.body.items).toHaveLength(1);
    const next = await call("GET", `/api/v1/audit?actor=${viewer.userId}&limit=1&cursor=${byActor.body.next_cursor}`, { token: org.admin.token });
    expect(byActor.body.next_cursor).toBe(String(byActor.body.items[0].seq));
    expect(next.body.items[0].seq).toBeGreaterThan(byActor.body.items[0].seq);
    expect(next.body.items[0].actor.id).toBe(viewer.userId);
  });
});

describe("GET /api/v1/intents filters across pages", () => {
  it("keeps the agent filter on later pages", async () => {
    const org = await createTestOrg();
    const [one, two] = [await org.agent(), await org.agent()];
    await org.setPolicy("version: 1\ndefault: allow\n");
    for (let i = 0; i < 3; i++) {
      await propose(one.key, { action: "report.send", payload: { i } });
      await propose(two.key, { action: "report.send", payload: { i } });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/intents?agent=${one.name}&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await call("GET", query, { token: org.admin.token });
      expect(page.status).toBe(200);
      for (const item of page.body.items) {
        expect(item.agent_id).toBe(one.id);
        seen.push(item.id);
      }
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(3);
  });
});
