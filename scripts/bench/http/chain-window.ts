import pg from "pg";
import { AUDIT_CHAINED_CHANNEL } from "../../../lib/domain/audit/chain-audit-events";
import { EVENTS_CHANNEL } from "../../../lib/domain/events/record-event";
import { quantile } from "./stats";

export interface ChainWindow {
  /** Proposals whose commit and chaining were both seen. */
  samples: number;
  p50Ms: number;
  p99Ms: number;
  /** Proposals seen committed but not chained by the time the follower stopped. */
  unchained: number;
}

/**
 * The window in which a proposal's audit event is committed but not yet chained, for every
 * proposal of `orgId` while it runs: one LISTEN connection hears each proposal's events NOTIFY
 * (sent at its commit) and each chained batch's announcement (sent at the sequencer's commit, with
 * the new head seq); the batch's proposals are then looked up by seq. PostgreSQL delivers both in
 * commit order on the one connection, so the difference of their arrival times is the window
 * (this process's event loop adds the same delay to both, up to its jitter).
 */
export async function followChainWindow(databaseUrl: string, orgId: string): Promise<{ stop(): Promise<ChainWindow> }> {
  const [listener, reader] = [new pg.Client({ connectionString: databaseUrl }), new pg.Client({ connectionString: databaseUrl })];
  await Promise.all([listener.connect(), reader.connect()]);
  const head = await reader.query<{ seq: number }>("SELECT coalesce((SELECT seq FROM audit_heads WHERE org_id = $1), 0) AS seq", [orgId]);
  let chainedUpTo = head.rows[0]?.seq ?? 0;
  const committedAt = new Map<string, number>();
  const windows: number[] = [];
  let lookups = Promise.resolve();

  listener.on("notification", (message) => {
    const now = performance.now();
    const signal = JSON.parse(message.payload ?? "{}") as { org_id?: string; type?: string; subject_id?: string; seq?: number };
    if (signal.org_id !== orgId) return;
    if (message.channel === EVENTS_CHANNEL) {
      // An intent's first signal is its proposal's commit (the sweeper's checkpoints signal too: not intents).
      if (signal.type?.startsWith("intent.") && signal.subject_id && !committedAt.has(signal.subject_id)) committedAt.set(signal.subject_id, now);
      return;
    }
    const upTo = signal.seq ?? 0;
    lookups = lookups.then(async () => {
      if (upTo <= chainedUpTo) return;
      const { rows } = await reader.query<{ subject_id: string }>(
        "SELECT subject_id FROM audit_events WHERE org_id = $1 AND seq > $2 AND seq <= $3 AND type = 'intent.proposed'",
        [orgId, chainedUpTo, upTo],
      );
      chainedUpTo = upTo;
      for (const { subject_id } of rows) {
        const at = committedAt.get(subject_id);
        if (at === undefined) continue;
        windows.push(now - at);
        committedAt.delete(subject_id);
      }
    });
  });
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  await listener.query(`LISTEN ${AUDIT_CHAINED_CHANNEL}`);

  return {
    async stop() {
      // Requests still in flight when the load stops commit a little later; give them time to be chained.
      for (const deadline = Date.now() + 3000; Date.now() < deadline; ) {
        await lookups;
        if (committedAt.size === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await lookups;
      await Promise.all([listener.end(), reader.end()]);
      const sorted = windows.sort((a, b) => a - b);
      return { samples: sorted.length, p50Ms: quantile(sorted, 0.5), p99Ms: quantile(sorted, 0.99), unchained: committedAt.size };
    },
  };
}
