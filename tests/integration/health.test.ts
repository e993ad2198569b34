import { afterEach, describe, expect, it } from "vitest";
import { disconnectDb } from "../../lib/db/client";
import { call } from "../helpers/api";

describe("GET /api/health", () => {
  const realUrl = process.env.DATABASE_URL;

  afterEach(async () => {
    process.env.DATABASE_URL = realUrl;
    await disconnectDb();
  });

  it("answers ok with the database up, without auth", async () => {
    const res = await call("GET", "/api/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, db: "up" });
  });

  it("answers 503 when the database is unreachable", async () => {
    await disconnectDb();
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/nowhere"; // nothing listens on port 1
    const res = await call("GET", "/api/health");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ ok: false, db: "down" });
  });

  it("turns an unreachable database into 503 service_unavailable on API routes, not a 500", async () => {
    await disconnectDb();
    process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/nowhere";
    const res = await call("GET", "/api/v1/me", { token: `tg_user_${"x".repeat(43)}` });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("service_unavailable");
  });
});
