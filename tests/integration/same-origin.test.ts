import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type TestOrg, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { sessionHeaders } from "../helpers/passkeys";

// Issue 14, 11e: the CSRF check of cookie-authenticated writes compared the browser's Origin with
// X-Forwarded-Host (a header the client itself may send) as well as with the configured site.
// Now only configuration counts (NEXTAUTH_URL, else the server's own URL; WEBAUTHN_ORIGIN), and
// forwarded headers only behind trusted proxies (TRUST_PROXY_HOPS > 0).

let org: TestOrg;
let cookie: string;
beforeAll(async () => {
  org = await createTestOrg();
  cookie = (await sessionHeaders(org.admin, org.orgId)).cookie;
});

const saved = { NEXTAUTH_URL: process.env.NEXTAUTH_URL, TRUST_PROXY_HOPS: process.env.TRUST_PROXY_HOPS, WEBAUTHN_ORIGIN: process.env.WEBAUTHN_ORIGIN };
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** A cookie-authenticated write (minting a personal token) with these extra headers. */
const write = (headers: Record<string, string>) => call("POST", "/api/v1/tokens", { headers: { cookie, ...headers }, body: { name: "csrf probe" } });

describe("same-origin check of session writes", () => {
  it("refuses an Origin that only X-Forwarded-Host vouches for", async () => {
    delete process.env.TRUST_PROXY_HOPS;
    process.env.NEXTAUTH_URL = "http://localhost:3000";
    const res = await write({ origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    const host = await write({ origin: "https://evil.example", host: "evil.example" });
    expect(host.status).toBe(403);
    expect((await write({ origin: "http://localhost:3000" })).status).toBe(201);
  });

  it("compares with NEXTAUTH_URL's origin, not with the URL the server was reached at", async () => {
    delete process.env.TRUST_PROXY_HOPS;
    process.env.NEXTAUTH_URL = "https://tollgate.example.com/";
    expect((await write({ origin: "https://tollgate.example.com" })).status).toBe(201);
    expect((await write({ origin: "http://localhost:3000" })).status).toBe(403);
    expect((await write({ origin: "https://tollgate.example.com.evil.example" })).status).toBe(403);
  });

  it("accepts configured WebAuthn origins too", async () => {
    process.env.NEXTAUTH_URL = "https://tollgate.example.com";
    process.env.WEBAUTHN_ORIGIN = "https://approvals.example.com, https://tollgate.example.com";
    expect((await write({ origin: "https://approvals.example.com" })).status).toBe(201);
  });

  it("trusts the forwarded host only behind trusted proxies (TRUST_PROXY_HOPS > 0)", async () => {
    process.env.NEXTAUTH_URL = "http://localhost:3000";
    process.env.TRUST_PROXY_HOPS = "1";
    expect((await write({ origin: "https://tollgate.internal.example", "x-forwarded-host": "tollgate.internal.example", "x-forwarded-proto": "https" })).status).toBe(201);
    expect((await write({ origin: "https://evil.example", "x-forwarded-host": "tollgate.internal.example", "x-forwarded-proto": "https" })).status).toBe(403);
    process.env.TRUST_PROXY_HOPS = "0";
    expect((await write({ origin: "https://tollgate.internal.example", "x-forwarded-host": "tollgate.internal.example", "x-forwarded-proto": "https" })).status).toBe(403);
  });
});
