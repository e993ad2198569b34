import { beforeAll, describe, expect, it } from "vitest";
import { type TestOrg, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { signIn } from "../helpers/passkeys";
import { auditTypesFor, sqlExec, sqlRows } from "../helpers/sql";

// Issue 14, 11c: a personal token minted with another (POST /tokens over a token) used to survive
// its parent's revocation, so a leaked token could mint itself a survivor before being revoked.
// Now it records its parent; revoking a token revokes every descendant in the same transaction,
// and authentication refuses a token any of whose ancestors is revoked.

let org: TestOrg;
beforeAll(async () => {
  org = await createTestOrg();
});

async function mint(withToken: string, name: string) {
  const res = await call("POST", "/api/v1/tokens", { token: withToken, body: { name } });
  if (res.status !== 201) throw new Error(`mint failed (${res.status}): ${JSON.stringify(res.body)}`);
  return res.body as { id: string; token: string };
}
const me = (token: string) => call("GET", "/api/v1/me", { token });
const tokenId = async (token: string) => (await call("GET", "/api/v1/tokens", { token })).body.items.find((t: { current: boolean }) => t.current).id as string;
const parentOf = async (id: string) => (await sqlRows<{ parent_token_id: string | null }>("SELECT parent_token_id FROM api_tokens WHERE id = $1", id))[0]?.parent_token_id;

describe("token lineage", () => {
  it("records the parent of a token minted with a token, and none for one minted by password or from a session", async () => {
    const user = await org.user("viewer");
    const rootId = await tokenId(user.token);
    const child = await mint(user.token, "child");
    expect(await parentOf(child.id)).toBe(rootId);
    expect(await parentOf(rootId)).toBeNull();
    const session = await signIn(user, org.orgId);
    const fromSession = await session.call("POST", "/api/v1/tokens", { name: "from the dashboard" });
    expect(fromSession.status).toBe(201);
    expect(await parentOf(fromSession.body.id)).toBeNull();
  });

  it("revokes children and grandchildren with their parent, in one go, each audited; a sibling branch of another root lives on", async () => {
    const user = await org.user("approver");
    const root = user.token;
    const rootId = await tokenId(root);
    const child = await mint(root, "child");
    const grandchild = await mint(child.token, "grandchild");
    const other = await call("POST", "/api/v1/auth/token", { body: { email: user.email, password: "correct horse battery staple", org_id: org.orgId } });
    const unrelated = await mint(other.body.token, "unrelated");
    for (const t of [root, child.token, grandchild.token, unrelated.token]) expect((await me(t)).status).toBe(200);

    const revoked = await call("DELETE", `/api/v1/tokens/${rootId}`, { token: other.body.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe("revoked");
    for (const t of [root, child.token, grandchild.token]) expect((await me(t)).status).toBe(401);
    expect((await me(unrelated.token)).status).toBe(200);
    const rows = await sqlRows<{ id: string; revoked: boolean }>("SELECT id, revoked_at IS NOT NULL AS revoked FROM api_tokens WHERE id = ANY($1) ORDER BY id", [rootId, child.id, grandchild.id, unrelated.id]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.revoked]))).toEqual({ [rootId]: true, [child.id]: true, [grandchild.id]: true, [unrelated.id]: false });
    for (const id of [rootId, child.id, grandchild.id]) expect(await auditTypesFor(org.orgId, id)).toContain("token.revoked");
    const list = await call("GET", "/api/v1/tokens", { token: other.body.token });
    expect(list.body.items.filter((t: { id: string }) => [child.id, grandchild.id].includes(t.id)).map((t: { status: string }) => t.status)).toEqual(["revoked", "revoked"]);
  });

  it("revoking a child leaves its parent alone", async () => {
    const user = await org.user("viewer");
    const child = await mint(user.token, "child");
    expect((await call("DELETE", `/api/v1/tokens/${child.id}`, { token: user.token })).status).toBe(200);
    expect((await me(child.token)).status).toBe(401);
    expect((await me(user.token)).status).toBe(200);
  });

  it("refuses a token whose ancestor is revoked even if the cascade missed it (belt and braces), and a mint by a token revoked meanwhile", async () => {
    const user = await org.user("viewer");
    const rootId = await tokenId(user.token);
    const child = await mint(user.token, "child");
    const grandchild = await mint(child.token, "grandchild");
    // As if the root had been revoked while the grandchild was being minted: no cascade ran.
    await sqlExec("UPDATE api_tokens SET revoked_at = now() WHERE id = $1", rootId);
    expect((await me(grandchild.token)).status).toBe(401);
    expect((await me(child.token)).status).toBe(401);
    expect((await call("POST", "/api/v1/tokens", { token: child.token, body: { name: "survivor" } })).status).toBe(401);
  });

  it("never leaves a live child when a mint and its parent's revocation race", async () => {
    for (let round = 0; round < 8; round++) {
      const user = await org.user("viewer");
      const parentId = await tokenId(user.token);
      const [minted, revoked] = await Promise.all([
        call("POST", "/api/v1/tokens", { token: user.token, body: { name: `race-${round}` } }),
        call("DELETE", `/api/v1/tokens/${parentId}`, { token: user.token }),
      ]);
      expect(revoked.status).toBe(200);
      if (minted.status === 201) expect((await me(minted.body.token)).status, `round ${round}`).toBe(401);
      else expect(minted.status).toBe(401);
      const live = await sqlRows("SELECT id FROM api_tokens WHERE parent_token_id = $1 AND revoked_at IS NULL", parentId);
      expect(live, `round ${round}`).toEqual([]);
    }
  });
});
