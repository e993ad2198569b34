import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as streamRoute } from "../../app/api/v1/events/route";
import { type TestOrg, createTestOrg } from "../factories/org";
import { type ApiResponse, call } from "../helpers/api";
import { propose } from "../helpers/intents";
import { type StreamText, readInBackground } from "../helpers/read-stream";

// Issue 16: one caller could hold any number of event streams (GET /events) and long-polls
// (GET /intents/{id}?wait=N) open, each a socket, a timer loop and database reads on this
// instance. Past EVENT_STREAMS_PER_CALLER / LONG_POLLS_PER_CALLER open at once, the next one
// answers 429 rate_limited with Retry-After; a slot is given back however the request ends.

const SETTINGS = ["EVENT_STREAMS_PER_CALLER", "LONG_POLLS_PER_CALLER", "EVENTS_AUTH_RECHECK_MS"] as const;
const saved = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));
process.env.EVENT_STREAMS_PER_CALLER = "3";
process.env.LONG_POLLS_PER_CALLER = "3";
process.env.EVENTS_AUTH_RECHECK_MS = "200";
afterAll(() => {
  for (const name of SETTINGS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

const POLICY = `version: 1
default: require_approval
rules: []
`;

let org: TestOrg;
beforeAll(async () => {
  org = await createTestOrg();
  await org.setPolicy(POLICY);
});

const open: AbortController[] = [];
afterEach(() => {
  for (const controller of open.splice(0)) controller.abort();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Resolves once `check` holds, checking every 50 ms; fails the test after `ms`. */
async function until(what: string, check: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface OpenStream {
  status: number;
  res: Response;
  state: StreamText;
  controller: AbortController;
  reader?: ReadableStreamDefaultReader<Uint8Array>;
}

/** Opens GET /events with `token` and, when it is a stream, reads it in the background. */
async function stream(token: string): Promise<OpenStream> {
  const controller = new AbortController();
  open.push(controller);
  const res = await streamRoute(new Request("http://localhost:3000/api/v1/events", { headers: bearer(token), signal: controller.signal }), { params: Promise.resolve({}) });
  if (res.status !== 200) return { status: res.status, res, state: { text: "", ended: false }, controller };
  const reader = res.body!.getReader();
  const { state } = readInBackground(reader);
  return { status: 200, res, state, controller, reader };
}

async function expectTooMany(res: Response | ApiResponse, limit: string, max: number, retryAfter: string) {
  const body = res instanceof Response ? await res.json() : res.body;
  expect(res.status).toBe(429);
  expect(res.headers.get("retry-after")).toBe(retryAfter);
  expect(body).toEqual({ error: { code: "rate_limited", message: expect.any(String), details: { limit, max, retry_after_seconds: Number(retryAfter) } } });
}

describe("GET /events: at most EVENT_STREAMS_PER_CALLER open streams per caller", () => {
  it("answers the (bound + 1)th concurrent stream 429 while the others keep streaming", async () => {
    const viewer = await org.user("viewer");
    const streams = [await stream(viewer.token), await stream(viewer.token), await stream(viewer.token)];
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    await expectTooMany((await stream(viewer.token)).res, "event_streams", 3, "5");

    const agent = await org.agent();
    await propose(agent.key, { action: "email.send", payload: { streams: 1 } });
    for (const [i, s] of streams.entries()) await until(`an event on stream ${i}`, () => s.state.text.includes("event: intent."));
    expect(streams.every((s) => !s.state.ended)).toBe(true);
  });

  it("frees a slot when the client aborts, and when it cancels the body", async () => {
    const viewer = await org.user("viewer");
    const streams = [await stream(viewer.token), await stream(viewer.token), await stream(viewer.token)];
    expect((await stream(viewer.token)).status).toBe(429);

    streams[0]!.controller.abort();
    const afterAbort = await stream(viewer.token);
    expect(afterAbort.status).toBe(200);
    expect((await stream(viewer.token)).status).toBe(429);

    await streams[1]!.reader!.cancel();
    expect((await stream(viewer.token)).status).toBe(200);
    expect((await stream(viewer.token)).status).toBe(429);
  });

  it("frees the slots of streams that end on their own (the caller's token revoked)", async () => {
    const viewer = await org.user("viewer");
    const child = (await call("POST", "/api/v1/tokens", { token: viewer.token, body: { name: "child" } })).body;
    const streams = [await stream(child.token), await stream(child.token), await stream(child.token)];
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    const tokens = (await call("GET", "/api/v1/tokens", { token: child.token })).body.items;
    const childId = tokens.find((t: { current: boolean }) => t.current).id;
    expect((await call("DELETE", `/api/v1/tokens/${childId}`, { token: viewer.token })).status).toBe(200);
    for (const s of streams) await until("the revoked stream to end", () => s.state.ended);
    // The same member (their other token) may open the bound again.
    for (let n = 0; n < 3; n++) expect((await stream(viewer.token)).status).toBe(200);
  });

  it("counts a member over all their tokens, and one member's streams never block another's", async () => {
    const viewer = await org.user("viewer");
    const second = (await call("POST", "/api/v1/tokens", { token: viewer.token, body: { name: "second" } })).body.token as string;
    expect([(await stream(viewer.token)).status, (await stream(second)).status, (await stream(second)).status]).toEqual([200, 200, 200]);
    expect((await stream(viewer.token)).status).toBe(429);
    expect((await stream(second)).status).toBe(429);
    const colleague = await org.user("viewer");
    expect((await stream(colleague.token)).status).toBe(200);
  });

  it("defaults to 10 streams per caller", async () => {
    process.env.EVENT_STREAMS_PER_CALLER = "";
    try {
      const viewer = await org.user("viewer");
      for (let n = 0; n < 10; n++) expect((await stream(viewer.token)).status, `stream ${n + 1}`).toBe(200);
      await expectTooMany((await stream(viewer.token)).res, "event_streams", 10, "5");
    } finally {
      process.env.EVENT_STREAMS_PER_CALLER = "3";
    }
  });
});

describe("GET /intents/{id}?wait=N: at most LONG_POLLS_PER_CALLER open long-polls per caller", () => {
  const wait = (token: string, id: string, seconds: number, signal?: AbortSignal) => call("GET", `/api/v1/intents/${id}?wait=${seconds}`, { token, signal });
  const pendingIntents = async (key: string, n: number, tag: string) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await propose(key, { action: "crm.update", payload: { tag, i } })).id);
    return out;
  };
  /** Waits that can be ended (each aborted after the test at the latest). */
  const abortable = (token: string, ids: string[], seconds = 30) =>
    ids.map((id) => {
      const controller = new AbortController();
      open.push(controller);
      return { controller, answer: wait(token, id, seconds, controller.signal) };
    });
  /** Of waits started together, the first to answer must be refused: the rest hold (their intents stay pending). */
  async function firstRefused(waits: { answer: Promise<ApiResponse> }[]) {
    const first = await Promise.race(waits.map((w, index) => w.answer.then((res) => ({ res, index }))));
    await expectTooMany(first.res, "long_polls", 3, "1");
    return first.index;
  }

  it("answers the (bound + 1)th concurrent wait 429 while the others keep waiting and wake", async () => {
    const agent = await org.agent();
    const ids = await pendingIntents(agent.key, 4, "bound");
    const waits = abortable(agent.key, ids);
    const refused = await firstRefused(waits);
    for (const [i, id] of ids.entries()) {
      if (i === refused) continue;
      expect((await call("POST", `/api/v1/approvals/${id}/approve`, { token: org.admin.token, body: { reason: "go" } })).status).toBe(200);
      const res = await waits[i]!.answer;
      expect(res.status).toBe(200);
      expect(res.body.status).toBe("approved");
    }
    // All three answered, so all three slots are back: three fit again, a fourth does not.
    const again = abortable(agent.key, await pendingIntents(agent.key, 4, "again"));
    await firstRefused(again);
  });

  it("frees a slot when the client aborts, when the wait times out and when it fails", async () => {
    const agent = await org.agent();
    const ids = await pendingIntents(agent.key, 3, "exits");
    const waits = abortable(agent.key, ids);
    // Aborted: the request ends with the intent as it is, and its slot is free again.
    waits[0]!.controller.abort();
    expect((await waits[0]!.answer).body.status).toBe("pending_approval");
    await firstRefused(abortable(agent.key, [ids[0]!, ids[0]!]));
    for (const w of open.splice(0)) w.abort();
    await Promise.all(waits.map((w) => w.answer));

    // Timed out: three one-second waits end on their own, then three more fit.
    const timedOut = await Promise.all(ids.map((id) => wait(agent.key, id, 1)));
    expect(timedOut.map((r) => r.body.status)).toEqual(["pending_approval", "pending_approval", "pending_approval"]);
    const fitAgain = await Promise.all(ids.map((id) => wait(agent.key, id, 1)));
    expect(fitAgain.map((r) => r.status)).toEqual([200, 200, 200]);

    // Failed: a wait on an intent the caller cannot see is a 404 every time, never a leaked slot.
    const other = await createTestOrg();
    await other.setPolicy(POLICY);
    const theirs = await propose((await other.agent()).key, { action: "crm.update", payload: { theirs: 1 } });
    for (let n = 0; n < 5; n++) expect((await wait(agent.key, theirs.id, 30)).status).toBe(404);
    for (let n = 0; n < 5; n++) expect((await wait(agent.key, "int_does_not_exist", 30)).status).toBe(404);
  });

  it("counts each agent and each member on its own", async () => {
    const [a, b] = [await org.agent(), await org.agent()];
    const ids = await pendingIntents(a.key, 4, "mine");
    const mine = abortable(a.key, ids);
    await firstRefused(mine);
    // Agent a is at its bound; another agent and a member watching a's intent are callers of their own.
    const [theirs] = abortable(b.key, await pendingIntents(b.key, 1, "theirs"));
    const watcher = await org.user("viewer");
    expect((await wait(watcher.token, ids[0]!, 1)).status).toBe(200);
    theirs!.controller.abort();
    expect((await theirs!.answer).status).toBe(200);
  });
});
