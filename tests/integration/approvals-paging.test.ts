import { beforeAll, describe, expect, it } from "vitest";
import { type TestOrg, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { sqlExec, sqlRows } from "../helpers/sql";

// Issue 16: GET /approvals paged by OFFSET, so an item resolved on an earlier page pushed an unseen
// one past the next page (skipped), and one added ahead of the reader pushed a seen one onto the
// next page (shown twice). It now pages by keyset: the cursor is the last item's place in the
// queue's order (SLA deadline with none last, then age, then id).

const POLICY = `version: 1
default: require_approval
rules:
  - id: gate
    match: { action: "queue.*" }
    decision: require_approval
    reason: needs a human
    sla: 1h
`;

let org: TestOrg;
let agent: { key: string };
beforeAll(async () => {
  org = await createTestOrg();
  await org.setPolicy(POLICY);
  agent = await org.agent();
});

const queueUrl = (query: string) => `/api/v1/approvals?${query}`;
const ids = (body: { items: { intent: { id: string } }[] }) => body.items.map((item) => item.intent.id);

async function page(token: string, query: string) {
  const res = await call("GET", queueUrl(query), { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { items: { intent: { id: string } }[]; next_cursor: string | null };
}

async function proposeMany(count: number, tag: string, key = agent.key): Promise<string[]> {
  const out: string[] = [];
  for (let n = 0; n < count; n++) out.push((await propose(key, { action: "queue.item", payload: { tag, n } })).id);
  return out;
}

/** Places an intent in the order: a deadline (null = none) and a creation time, relative to now. */
async function place(id: string, slaOffsetMinutes: number | null, createdOffsetMinutes: number) {
  await sqlExec(
    `UPDATE intents SET sla_deadline = CASE WHEN $2::int IS NULL THEN NULL ELSE date_trunc('minute', now()) + make_interval(mins => $2::int) END,
       created_at = date_trunc('minute', now()) + make_interval(mins => $3::int) WHERE id = $1`,
    id,
    slaOffsetMinutes,
    createdOffsetMinutes,
  );
}

const cancel = (id: string) => call("POST", `/api/v1/intents/${id}/cancel`, { token: agent.key });

describe("GET /approvals pages by keyset", () => {
  it("neither skips nor repeats an item while items are resolved and added between pages", async () => {
    const viewer = await org.user("viewer");
    const before = new Set(ids(await page(viewer.token, "limit=200")));
    const items = await proposeMany(12, "paging");
    // Ties on every key: equal deadlines (so age decides), equal deadlines and ages (so the id
    // decides), and items without a deadline (which sort last).
    for (const [i, id] of items.entries()) await place(id, i < 8 ? 60 + Math.floor(i / 4) : null, i % 2 === 0 ? -30 : -31);

    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    const resolvedUnseen: string[] = [];
    const addedAhead: string[] = [];
    do {
      const body = await page(viewer.token, `limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      seen.push(...ids(body).filter((id) => !before.has(id)));
      cursor = body.next_cursor;
      if (round === 0) {
        // Resolve two items already shown (OFFSET would now skip two unseen ones).
        const shown = ids(body).filter((id) => items.includes(id));
        expect(shown.length).toBeGreaterThanOrEqual(2);
        for (const id of shown.slice(0, 2)) expect((await cancel(id)).status).toBe(200);
      }
      if (round === 1) {
        // Add two ahead of the reader (OFFSET would now show seen ones again) …
        addedAhead.push(...(await proposeMany(2, "ahead")));
        for (const id of addedAhead) await place(id, 1, -40);
        // … and resolve the last one the reader has not reached yet: it must simply not appear.
        const unseen = items.filter((id) => !seen.includes(id));
        resolvedUnseen.push(unseen[unseen.length - 1] as string);
        expect((await cancel(resolvedUnseen[0] as string)).status).toBe(200);
      }
      round++;
    } while (cursor && round < 50);

    expect(cursor).toBeNull();
    expect(new Set(seen).size, `repeated: ${seen}`).toBe(seen.length);
    // Every item pending throughout was shown exactly once; the one resolved before the reader got there was not.
    const pendingThroughout = items.filter((id) => !resolvedUnseen.includes(id));
    for (const id of pendingThroughout) expect(seen, `${id} skipped`).toContain(id);
    expect(seen).not.toContain(resolvedUnseen[0]);
    // In the queue's order throughout, as one query sorts them (the database's collation decides id ties).
    const ordered = await sqlRows<{ id: string }>(
      "SELECT id FROM intents WHERE id = ANY($1) ORDER BY sla_deadline ASC NULLS LAST, created_at, id",
      pendingThroughout,
    );
    expect(seen).toEqual(ordered.map((row) => row.id));
  });

  it("pages the resolved view (newest first) without repeats while new items arrive", async () => {
    const viewer = await org.user("viewer");
    const first = await page(viewer.token, "include_resolved=true&limit=4");
    expect(first.next_cursor).not.toBeNull();
    const seen = ids(first);
    await proposeMany(3, "newer");
    let cursor = first.next_cursor;
    while (cursor) {
      const body = await page(viewer.token, `include_resolved=true&limit=4&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...ids(body));
      cursor = body.next_cursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const all = ids(await page(viewer.token, "include_resolved=true&limit=200"));
    // Everything that existed when paging began was shown (the three newer ones sit before the first page).
    expect(all.slice(3).sort()).toEqual([...seen].sort());
  });

  it.each([
    ["garbage", "garbage"],
    ["an old offset", "3"],
    ["a tampered key", Buffer.from("queue|2026-01-01T00:00:00.000Z|2026-01-01T00:00:00.000Z|int_a\u0000b").toString("base64url")],
    ["a year PostgreSQL lacks", Buffer.from("queue||0000-01-01T00:00:00Z|int_x").toString("base64url")],
    ["an extra field", Buffer.from("queue||2026-01-01T00:00:00.000Z|int_x|more").toString("base64url")],
    ["a resolved-view cursor", Buffer.from("2026-01-01T00:00:00.000Z|int_x").toString("base64url")],
  ])("answers %s as a cursor with 422 validation_failed naming the cursor", async (_what, cursor) => {
    const res = await call("GET", queueUrl(`cursor=${encodeURIComponent(cursor)}`), { token: org.admin.token });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("validation_failed");
    expect(res.body.error.details.issues[0].path).toEqual(["cursor"]);
  });

  it("refuses the pending queue's cursor on the resolved view, and the other way round", async () => {
    await proposeMany(3, "views");
    const pending = await page(org.admin.token, "limit=1");
    const resolved = await page(org.admin.token, "include_resolved=true&limit=1");
    const crossed = [
      `include_resolved=true&cursor=${encodeURIComponent(pending.next_cursor as string)}`,
      `cursor=${encodeURIComponent(resolved.next_cursor as string)}`,
    ];
    for (const query of crossed) expect((await call("GET", queueUrl(query), { token: org.admin.token })).status, query).toBe(422);
  });

  it("a cursor from another organization shows only the caller's own items", async () => {
    const other = await createTestOrg();
    await other.setPolicy(POLICY);
    const otherAgent = await other.agent();
    const theirs = await proposeMany(4, "theirs", otherAgent.key);
    const theirPage = await page(other.admin.token, "limit=2");
    expect(theirPage.next_cursor).not.toBeNull();
    const ours = new Set(ids(await page(org.admin.token, "limit=200")));
    for (const query of [`cursor=${encodeURIComponent(theirPage.next_cursor as string)}&limit=200`]) {
      const res = await page(org.admin.token, query);
      for (const id of ids(res)) expect(ours.has(id), `${id} is not ours`).toBe(true);
      for (const id of theirs) expect(ids(res)).not.toContain(id);
    }
  });
});
