import type pg from "pg";
import { type ChainedEvent, type PendingEvent, linkAuditEvents } from "../../../lib/domain/audit/chain-audit-events";
import { CHECKPOINT_EVENTS, checkpointPayload } from "../../../lib/domain/audit/checkpoints";
import { newId } from "../../../lib/ids";
import { signStatement } from "../../../lib/signing/statements";

// Writes an org's audit chain in bulk, already chained, as the sequencer would have left it: the
// links computed by the app's own linkAuditEvents, rows sent as arrays (unnest) ROWS_PER_STATEMENT
// at a time, the head moved on, and every CHECKPOINT_EVENTS-th event signed with the app's
// checkpoint payload and key (what checkpointChained does, minus the webhook event).

const ROWS_PER_STATEMENT = 10_000;
const POLICY_SNAPSHOT = `sha256:${"5e".repeat(32)}`;

/** Who acts on the org's intents: a few agents and reviewers. */
export interface Cast {
  agents: string[];
  users: string[];
}

/**
 * The events of one intent's life, shaped as the app writes them: proposed (agent; what
 * record-intent.ts puts in), then by outcome: allowed → executing → succeeded; denied; or
 * pending_approval → approved by a reviewer → executing → succeeded (or rejected).
 */
function intentLife(n: number, cast: Cast): Omit<PendingEvent, "pos" | "at">[] {
  const intentId = `int_${n.toString(36).padStart(20, "0")}`;
  const agent = cast.agents[n % cast.agents.length] as string;
  const user = cast.users[n % cast.users.length] as string;
  const payloadHash = `sha256:${(n * 2654435761).toString(16).padStart(16, "0").repeat(4)}`;
  const draw = (n * 7919) % 100;
  const outcome = draw < 70 ? "allow" : draw < 78 ? "deny" : "require_approval";
  const status = { allow: "allowed", deny: "denied", require_approval: "pending_approval" }[outcome];
  const subject = { subjectType: "intent", subjectId: intentId };
  const byAgent = { actorType: "agent", actorId: agent, ...subject };
  const action = `svc${n % 20}.${["refund", "send", "deploy", "update"][n % 4]}`;
  const life: Omit<PendingEvent, "pos" | "at">[] = [
    {
      ...byAgent,
      type: "intent.proposed",
      data: {
        action, stage: "run", payload_hash: payloadHash, outcome, rule_id: `rule-${n % 40}`,
        reason_code: outcome === "deny" ? "policy_denied" : outcome === "allow" ? "policy_allowed" : "approval_required",
        policy_snapshot: POLICY_SNAPSHOT, status,
      },
    },
  ];
  const execute = () => {
    life.push({ ...byAgent, type: "intent.executing", data: { payload_hash: payloadHash, token_id: `ext_${intentId.slice(4)}`, policy_snapshot: POLICY_SNAPSHOT } });
    life.push({ ...byAgent, type: n % 17 === 0 ? "intent.failed" : "intent.succeeded", data: { error: n % 17 === 0 ? "upstream answered 503" : null } });
  };
  if (outcome === "allow") execute();
  if (outcome === "require_approval") {
    const approved = draw % 4 !== 0;
    life.push({
      actorType: "user", actorId: user, ...subject, type: approved ? "intent.approved" : "intent.rejected",
      data: { reason: approved ? null : "wrong amount", note: null, approvals_received: 1, step_up_credential_id: n % 3 === 0 ? `cred_${n % 5}` : null },
    });
    if (approved) execute();
  }
  return life;
}

export interface ChainWriter {
  /** The chain's head now. */
  head: ChainedEvent;
  /** Appends `count` chained events (and their checkpoints); answers the new head. */
  append(count: number): Promise<ChainedEvent>;
}

/** A writer continuing the org's chain from its head (read from the database). */
export async function chainWriter(client: pg.Client, orgId: string, cast: Cast): Promise<ChainWriter> {
  const { rows } = await client.query<{ seq: number; hash: string }>("SELECT seq, hash FROM audit_heads WHERE org_id = $1", [orgId]);
  if (!rows[0]) throw new Error(`org ${orgId} has no audit head`);
  let head: ChainedEvent = rows[0];
  let intent = 0;
  let queued: Omit<PendingEvent, "pos" | "at">[] = [];
  // Events ~2.5 s apart on average, ending about now.
  let at = Date.now() - 3_000_000_000;

  const take = (count: number) => {
    while (queued.length < count) queued.push(...intentLife(intent++, cast));
    const out = queued.slice(0, count);
    queued = queued.slice(count);
    return out;
  };

  async function writeBatch(count: number): Promise<void> {
    const events: PendingEvent[] = take(count).map((e, i) => {
      at += 1 + ((i * 7919) % 5000);
      return { ...e, pos: String(i), at: new Date(at) };
    });
    const links = linkAuditEvents(head, events);
    const column = <T>(pick: (e: PendingEvent, i: number) => T) => events.map(pick);
    await client.query(
      `INSERT INTO audit_events (id, org_id, seq, at, actor_type, actor_id, type, subject_type, subject_id, data, prev_hash, hash)
       SELECT id, $1, seq, at, actor_type, actor_id, type, subject_type, subject_id, data::jsonb, prev_hash, hash
       FROM unnest($2::text[], $3::int[], $4::timestamp(3)[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
         AS t(id, seq, at, actor_type, actor_id, type, subject_type, subject_id, data, prev_hash, hash)`,
      [
        orgId,
        column(() => newId("aud")),
        links.map((l) => l.seq),
        column((e) => e.at.toISOString()),
        column((e) => e.actorType),
        column((e) => e.actorId),
        column((e) => e.type),
        column((e) => e.subjectType),
        column((e) => e.subjectId),
        column((e) => JSON.stringify(e.data)),
        links.map((l) => l.prev_hash),
        links.map((l) => l.hash),
      ],
    );
    const due = links.filter((l) => l.seq % CHECKPOINT_EVENTS === 0);
    const signedAt = new Date();
    const signed = await Promise.all(due.map((l) => signStatement("checkpoint", checkpointPayload(orgId, { seq: l.seq, hash: l.hash }, signedAt))));
    if (due.length > 0) {
      await client.query(
        `INSERT INTO audit_checkpoints (org_id, seq, hash, at, kid, jws)
         SELECT $1, seq, hash, $4::timestamp(3), kid, jws FROM unnest($2::int[], $3::text[], $5::text[], $6::text[]) AS t(seq, hash, kid, jws)`,
        [orgId, due.map((l) => l.seq), due.map((l) => l.hash), signedAt.toISOString(), signed.map((s) => s.kid), signed.map((s) => s.jws)],
      );
    }
    const last = links[links.length - 1] as (typeof links)[number];
    head = { seq: last.seq, hash: last.hash };
    await client.query("UPDATE audit_heads SET seq = $2, hash = $3 WHERE org_id = $1", [orgId, head.seq, head.hash]);
  }

  return {
    get head() {
      return head;
    },
    async append(count) {
      for (let done = 0; done < count; done += ROWS_PER_STATEMENT) await writeBatch(Math.min(ROWS_PER_STATEMENT, count - done));
      return head;
    },
  };
}
