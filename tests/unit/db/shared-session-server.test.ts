import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SharedSessionServer } from "../../../scripts/lib/shared-session-server.mjs";

// The embedded database's server: PGlite is one session, and every client must still behave as
// if it had its own (what PostgreSQL gives each connection). Each test tries to make one client's
// state leak into another's, the way the demo's pools and the CLI beside it would.

const IDLE_IN_TRANSACTION_MS = 1500;
let db: PGlite;
let server: SharedSessionServer;
let url: string;
const log: string[] = [];
const clients: pg.Client[] = [];

beforeAll(async () => {
  db = await PGlite.create();
  server = new SharedSessionServer({ db, idleInTransactionMs: IDLE_IN_TRANSACTION_MS, log: (line) => log.push(line) });
  url = `postgres://postgres@127.0.0.1:${await server.listen(0)}/postgres`;
  await db.exec("CREATE TABLE rows (id serial PRIMARY KEY, who text NOT NULL)");
}, 60_000);

afterAll(async () => {
  for (const client of clients) await client.end().catch(() => {});
  await server.close();
  await db.close();
});

async function connect(): Promise<pg.Client> {
  const client = new pg.Client(url);
  client.on("error", () => {});
  await client.connect();
  clients.push(client);
  return client;
}

const preparedCount = async () => Number((await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_prepared_statements")).rows[0].n);
const who = async () => (await db.query<{ who: string }>("SELECT who FROM rows ORDER BY id")).rows.map((r) => r.who);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the shared-session server", () => {
  it("lets a pool reconnect after its idle timeout and prepare the same named statements again", async () => {
    const pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 200 });
    const statement = { name: "tg_same_name", text: "SELECT $1::int + 1 AS n" };
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([1, 2, 3, 4].map((v) => pool.query<{ n: number }>({ ...statement, values: [v] })));
      expect(answers.map((a) => a.rows[0].n)).toEqual([2, 3, 4, 5]);
      await sleep(400); // every connection of the pool closes, so the next round prepares on new ones
      expect(pool.totalCount).toBe(0);
    }
    await pool.end();
    await sleep(100);
    expect(await preparedCount()).toBe(0); // each departed connection's statements were closed
  });

  it("gives two clients that use one statement name for different text each their own", async () => {
    const [a, b] = [await connect(), await connect()];
    const fromA = await a.query({ name: "s1", text: "SELECT 'a' AS side" });
    const fromB = await b.query({ name: "s1", text: "SELECT 'b' AS side, 2 AS extra" });
    expect(fromA.rows).toEqual([{ side: "a" }]);
    expect(fromB.rows).toEqual([{ side: "b", extra: 2 }]);
    // A name spelled like another client's renamed one is still this client's own.
    const spoof = await b.query({ name: `c1_s1`, text: "SELECT 'spoof' AS side" });
    expect(spoof.rows).toEqual([{ side: "spoof" }]);
    expect((await a.query({ name: "s1", text: "SELECT 'a' AS side" })).rows).toEqual([{ side: "a" }]);
  });

  it("never runs a client's statement inside another client's open transaction", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.query("BEGIN");
    await a.query("INSERT INTO rows (who) VALUES ('a, rolled back')");
    let bDone = false;
    const bInsert = b.query("INSERT INTO rows (who) VALUES ('b, autocommit')").then(() => {
      bDone = true;
    });
    await sleep(300);
    expect(bDone).toBe(false); // b waits for a's transaction instead of joining it
    await a.query("ROLLBACK");
    await bInsert;
    expect(await who()).toEqual(["b, autocommit"]);
  });

  it("keeps concurrent extended-protocol sequences of many clients apart", async () => {
    const pools = [new pg.Pool({ connectionString: url, max: 4 }), new pg.Pool({ connectionString: url, max: 4 })];
    const calls = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0
        ? pools[0].query<{ doubled: number }>("SELECT $1::int * 2 AS doubled", [i]).then((r) => r.rows[0].doubled === i * 2)
        : pools[1].query<{ text: string }>("SELECT 'n' || $1::text AS text", [i]).then((r) => r.rows[0].text === `n${i}`),
    );
    expect(await Promise.all(calls)).toEqual(calls.map(() => true));
    await Promise.all(pools.map((p) => p.end()));
  });

  it("rolls back the transaction of a client that vanishes mid-way, and frees the session", async () => {
    const [a, b] = [await connect(), await connect()];
    await a.query("BEGIN");
    await a.query("INSERT INTO rows (who) VALUES ('a, vanished')");
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await b.query("INSERT INTO rows (who) VALUES ('b, after')");
    expect(await who()).not.toContain("a, vanished");
    expect(await who()).toContain("b, after");
    expect((await db.query<{ s: string }>("SELECT txid_current_if_assigned() IS NULL AS s")).rows[0].s).toBe(true);
  });

  it("terminates a client idle in a transaction past the timeout, rolling it back", async () => {
    const [a, b] = [await connect(), await connect()];
    const ended = new Promise((resolve) => a.once("end", resolve));
    await a.query("BEGIN");
    await a.query("INSERT INTO rows (who) VALUES ('a, idle')");
    const started = Date.now();
    await b.query("SELECT 1"); // waits for the timeout, then runs
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_IN_TRANSACTION_MS - 100);
    await ended;
    expect(await who()).not.toContain("a, idle");
    expect(log.some((line) => line.includes("idle"))).toBe(true);
  });

  it("delivers a notification to the connections LISTENing on its channel, and only to them", async () => {
    const [listener, other, notifier] = [await connect(), await connect(), await connect()];
    await listener.query('LISTEN "Events"');
    await other.query("LISTEN unrelated");
    const got: string[] = [];
    const strays: string[] = [];
    listener.on("notification", (n) => got.push(`${n.channel}:${n.payload}`));
    other.on("notification", (n) => strays.push(`other ${n.channel}`));
    notifier.on("notification", (n) => strays.push(`notifier ${n.channel}`));
    await notifier.query("SELECT pg_notify('Events', 'one')");
    await notifier.query("BEGIN");
    await notifier.query("SELECT pg_notify('Events', 'two')");
    await notifier.query("SELECT pg_notify('Events', 'never')");
    await notifier.query("ROLLBACK"); // a rolled-back NOTIFY is never delivered
    await notifier.query("SELECT pg_notify('Events', 'three')");
    await sleep(100);
    expect(got).toEqual(["Events:one", "Events:three"]);
    await listener.query('UNLISTEN "Events"');
    await notifier.query("SELECT pg_notify('Events', 'after unlisten')");
    await sleep(100);
    expect(got).toEqual(["Events:one", "Events:three"]);
    expect(strays).toEqual([]);
  });
});
