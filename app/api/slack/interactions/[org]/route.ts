import { handleSlackInteraction } from "@/lib/slack/interactions";

// POST /api/slack/interactions/{org_id} — Slack's interactivity requests for this org's cards. Not
// part of /api/v1: Slack calls it, signed with the org's signing secret (lib/slack/interactions.ts).
const MAX_BODY = 256 * 1024;

export async function POST(req: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const raw = await req.text();
  if (raw.length > MAX_BODY || !/^org_[A-Za-z0-9]{1,40}$/.test(org)) return Response.json({ error: { code: "not_found", message: "not found" } }, { status: 404 });
  try {
    const answer = await handleSlackInteraction(org, raw, req.headers);
    return answer.body === null ? new Response(null, { status: answer.status }) : Response.json(answer.body, { status: answer.status });
  } catch (error) {
    console.error("[slack] interaction failed:", (error as Error).message);
    return Response.json({ error: { code: "internal_error", message: "internal error" } }, { status: 500 });
  }
}
