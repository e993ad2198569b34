import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { call } from "../helpers/api";
import { auditCount, sqlRows } from "../helpers/sql";

// The contract's self-host bootstrap, run exactly as documented: `npm run cli -- bootstrap …`
// in a child process against this run's database (DATABASE_URL is inherited).

const ROOT = path.resolve(import.meta.dirname, "../..");

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("npm", ["run", "--silent", "cli", "--", ...args], { cwd: ROOT, env: process.env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const bootstrapArgs = (org: string, email: string) => ["bootstrap", "--org", org, "--email", email, "--password", "a long enough password", "--json"];

async function orgState(name: string) {
  const [row] = await sqlRows<{ orgs: number; org_id: string | null }>(
    "SELECT count(*)::int AS orgs, max(id) AS org_id FROM organizations WHERE name = $1",
    name,
  );
  if (!row.org_id) return { orgs: row.orgs, members: 0, tokens: 0, events: 0 };
  const [counts] = await sqlRows<{ members: number; tokens: number }>(
    "SELECT (SELECT count(*)::int FROM memberships WHERE org_id = $1) AS members, (SELECT count(*)::int FROM api_tokens WHERE org_id = $1) AS tokens",
    row.org_id,
  );
  return { orgs: row.orgs, ...counts, events: await auditCount(row.org_id) };
}

describe("npm run cli -- bootstrap", () => {
  it("creates the org and its first admin, prints JSON with a working token, and refuses a second run", async () => {
    const org = `cli-org-${randomUUID().slice(0, 8)}`;
    const email = `${org}@example.test`;

    const first = await cli(bootstrapArgs(org, email));
    expect(first.code, first.stderr).toBe(0);
    const printed = JSON.parse(first.stdout.trim());
    expect(printed).toEqual({ org_id: expect.any(String), user_id: expect.any(String), token: expect.stringMatching(/^tg_user_/) });

    const me = await call("GET", "/api/v1/me", { token: printed.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: "user", id: printed.user_id, org_id: printed.org_id, role: "admin" });
    const login = await call("POST", "/api/v1/auth/token", { body: { email, password: "a long enough password" } });
    expect(login.body).toMatchObject({ user_id: printed.user_id, org_id: printed.org_id, role: "admin" });

    const before = await orgState(org);
    expect(before).toMatchObject({ orgs: 1, members: 1 });
    const again = await cli(bootstrapArgs(org, `second-${email}`));
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already exists/);
    expect(again.stdout.trim()).toBe("");
    expect(await orgState(org)).toEqual(before);
    const users = await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE email = $1", `second-${email}`);
    expect(users[0].n).toBe(0);
    expect((await call("GET", "/api/v1/me", { token: printed.token })).status).toBe(200);
  });

  it("refuses incomplete arguments with a usage message and creates nothing", async () => {
    const org = `cli-bad-${randomUUID().slice(0, 8)}`;
    const res = await cli(["bootstrap", "--org", org, "--email", `${org}@example.test`, "--json"]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/password/);
    expect(res.stdout.trim()).toBe("");
    expect((await orgState(org)).orgs).toBe(0);
  });
});
