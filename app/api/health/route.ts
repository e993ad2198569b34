import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

// GET /api/health — liveness plus a real round trip to the database
export async function GET() {
  try {
    await db().$queryRaw`SELECT 1`;
    return Response.json({ ok: true, db: "up" });
  } catch {
    return Response.json({ ok: false, db: "down" }, { status: 503 });
  }
}
