import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET } from "../../app/api/v1/events/route";
import { type TestOrg, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { sessionHeaders } from "../helpers/passkeys";
import { readInBackground } from "../helpers/read-stream";
import { sqlExec } from "../helpers/sql";

// Issue 14, 11b: GET /events used to stream for as long as the connection lasted, after the
// caller's token was revoked or the member removed. The stream now checks the caller again every
// EVENTS_AUTH_RECHECK_MS (30 s by default; 200 ms here) and ends when that no longer holds.

process.env.EVENTS_AUTH_RECHECK_MS = "200";

let org: TestOrg;
beforeAll(async () => {
  org = await createTestOrg();
});

const open: AbortController[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.abort();
});

/** Opens the stream as `headers` and reads it in the background. */
async function stream(headers: Record<string, string>) {
  const controller = new AbortController();
  open.push(controller);
  const res = await GET(new Request("http://localhost:3000/api/v1/events", { headers, signal: controller.signal }), { params: Promise.resolve({}) });
  expect(res.status).toBe(200);
  return readInBackground(res.body!.getReader());
}

const within = (ms: number, what: Promise<unknown>) =>
  Promise.race([what.then(() => "ended"), new Promise((resolve) => setTimeout(() => resolve("still open"), ms))]);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const tokenId = async (token: string) => (await call("GET", "/api/v1/tokens", { token })).body.items.find((t: { current: boolean }) => t.current).id as string;

describe("the event stream re-checks its caller", () => {
  it("keeps streaming events to a caller who still holds", async () => {
    const user = await org.user("viewer");
    const s = await stream(bearer(user.token));
    expect(await within(1000, s.done)).toBe("still open");
    const agent = await org.agent();
    await call("POST", "/api/v1/intents", { token: agent.key, body: { action: "email.send", payload: { n: 1 } } });
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(s.state.text).toContain("event: intent.");
    expect(s.state.ended).toBe(false);
  });

  it("ends once the caller's token is revoked", async () => {
    const user = await org.user("viewer");
    const s = await stream(bearer(user.token));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await call("DELETE", `/api/v1/tokens/${await tokenId(user.token)}`, { token: user.token })).status).toBe(200);
    expect(await within(3000, s.done)).toBe("ended");
    expect(s.state.text).toContain(": credential no longer valid");
  });

  it("ends once a token the caller's token was minted from is revoked", async () => {
    const user = await org.user("viewer");
    const child = (await call("POST", "/api/v1/tokens", { token: user.token, body: { name: "child" } })).body;
    const s = await stream(bearer(child.token));
    await sqlExec("UPDATE api_tokens SET revoked_at = now() WHERE id = $1", await tokenId(user.token));
    expect(await within(3000, s.done)).toBe("ended");
  });

  it("ends once the member is removed from the org, for a dashboard session too", async () => {
    for (const via of ["token", "session"] as const) {
      const user = await org.user("viewer");
      const s = await stream(via === "token" ? bearer(user.token) : await sessionHeaders(user, org.orgId));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(s.state.ended, via).toBe(false);
      await sqlExec("DELETE FROM memberships WHERE org_id = $1 AND user_id = $2", org.orgId, user.userId);
      expect(await within(3000, s.done), via).toBe("ended");
    }
  });
});
