import { createHmac } from "node:crypto";
import { type IncomingMessage, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for Slack, speaking its documented protocol exactly, for the methods Tollgate
// uses (https://api.slack.com/web): auth.test, chat.postMessage, chat.update, users.lookupByEmail,
// views.open. Requests arrive as @slack/web-api sends them (POST, form-encoded arguments, the bot
// token as a Bearer header); answers are Slack's JSON ({"ok": true, …} or {"ok": false, "error"}).
// It also takes what Tollgate posts to an interaction's response_url, and signs interaction
// payloads the way Slack does (X-Slack-Signature v0, X-Slack-Request-Timestamp).

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: { type: string; elements?: { action_id?: string; url?: string; value?: string }[]; text?: { text: string }; fields?: { text: string }[] }[];
  updates: number;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Slack sends objects (blocks, views) as JSON text inside the form. */
function argsOf(body: string, type: string | undefined): Record<string, unknown> {
  const raw: Record<string, unknown> = type?.startsWith("application/json") ? JSON.parse(body || "{}") : Object.fromEntries(new URLSearchParams(body));
  for (const key of ["blocks", "view", "attachments"]) if (typeof raw[key] === "string") raw[key] = JSON.parse(raw[key] as string);
  return raw;
}

export async function startFakeSlack(options: { unref?: boolean } = {}) {
  const state = {
    teamId: "T0TOLLGATE",
    /** Tokens Slack refuses with invalid_auth. Any other xoxb- token is the bot's. */
    revokedTokens: new Set<string>(),
    /** users.lookupByEmail: email → Slack user id. */
    users: new Map<string, string>(),
    /** Methods answered with this error instead (simulates an outage of one method). */
    failing: new Map<string, string>(),
    messages: [] as PostedMessage[],
    views: [] as { trigger_id: string; view: Record<string, unknown> }[],
    responses: [] as Record<string, unknown>[],
    calls: [] as string[],
  };
  let seq = 1000;
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://fake-slack");
    const send = (answer: Record<string, unknown>) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    };
    if (url.pathname.startsWith("/response/")) {
      state.responses.push(JSON.parse(body));
      return send({ ok: true });
    }
    const method = url.pathname.replace(/^\/api\//, "");
    state.calls.push(method);
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    if (!token.startsWith("xoxb-")) return send({ ok: false, error: "not_authed" });
    if (state.revokedTokens.has(token)) return send({ ok: false, error: "invalid_auth" });
    if (state.failing.has(method)) return send({ ok: false, error: state.failing.get(method) });
    const args = argsOf(body, req.headers["content-type"]);
    switch (method) {
      case "auth.test":
        return send({ ok: true, team_id: state.teamId, team: "Tollgate test", user_id: "UBOT", bot_id: "BBOT" });
      case "chat.postMessage": {
        if (!args.channel) return send({ ok: false, error: "channel_not_found" });
        const ts = `${Math.floor(Date.now() / 1000)}.${String(seq++).padStart(6, "0")}`;
        const channel = String(args.channel).startsWith("#") ? `C${String(args.channel).slice(1).toUpperCase().replace(/[^A-Z0-9]/g, "")}` : String(args.channel);
        state.messages.push({ channel, ts, text: String(args.text ?? ""), blocks: (args.blocks as PostedMessage["blocks"]) ?? [], updates: 0 });
        return send({ ok: true, channel, ts });
      }
      case "chat.update": {
        // As Slack: chat.update takes the channel's id that chat.postMessage answered, never a #name.
        const found = state.messages.find((m) => m.ts === args.ts && m.channel === args.channel);
        if (!found) return send({ ok: false, error: "message_not_found" });
        Object.assign(found, { text: String(args.text ?? ""), blocks: args.blocks ?? [], updates: found.updates + 1 });
        return send({ ok: true, channel: found.channel, ts: found.ts });
      }
      case "users.lookupByEmail": {
        const id = state.users.get(String(args.email).toLowerCase());
        return id ? send({ ok: true, user: { id, team_id: state.teamId, profile: { email: args.email } } }) : send({ ok: false, error: "users_not_found" });
      }
      case "views.open":
        if (!args.trigger_id) return send({ ok: false, error: "invalid_trigger_id" });
        state.views.push({ trigger_id: String(args.trigger_id), view: args.view as Record<string, unknown> });
        return send({ ok: true, view: { id: `V${seq++}` } });
      default:
        return send({ ok: false, error: "unknown_method" });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  if (options.unref) server.unref();
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    apiUrl: `${base}/api/`,
    state,
    responseUrl: (name: string) => `${base}/response/${name}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers Slack puts on a request to the app: v0 signature over `v0:{timestamp}:{body}` with the signing secret. */
export function slackSignature(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return { "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature, "content-type": "application/x-www-form-urlencoded" };
}

/** An interaction request's form body, as Slack sends it: payload=<JSON>. */
export const interactionBody = (payload: Record<string, unknown>) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
