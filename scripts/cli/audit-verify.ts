import type { AuditEvent, Tollgate } from "@tollgate/sdk";
import { checkChain } from "./audit-chain";
import { defineCommand } from "./command";
import { openSession } from "./session";

export const auditVerify = defineCommand({
  usage: "audit verify [--json]",
  help: `
Verifies the organization's hash-chained audit trail twice: the server's own check
(GET /api/v1/audit/verify, which also compares the chain's end with its head record), and an
independent one here, reading every event (GET /api/v1/audit) and recomputing
hash = sha256(prev_hash + canonical JSON of the event without hash) from the genesis.
Prints "ok" with the event count, or the first bad seq; exit code 0 when both agree the chain
is intact, 1 otherwise.

  --json   {"ok", "server": {…}, "client": {…}}`,
  options: { json: { type: "boolean" } },
  async run({ json }) {
    const { client } = openSession();
    const server = await client.audit.verify();
    const local = await checkChain(allEvents(client));
    // Events appended between the two reads only make the local count larger; fewer means loss.
    const ok = server.ok && local.ok && local.events >= server.events;
    if (json) {
      console.log(JSON.stringify({ ok, server, client: local }, null, 2));
      return ok ? 0 : 1;
    }
    console.log(`server: ${server.ok ? `ok, ${server.events} events` : `broken at seq ${server.first_bad_seq}`}`);
    console.log(`client: ${local.ok ? `ok, ${local.events} events recomputed` : `broken at seq ${local.first_bad_seq} (${local.problem})`}`);
    if (ok) console.log(`Audit chain ok: ${local.events} events.`);
    else {
      const seqs = [server.ok ? null : server.first_bad_seq, local.ok ? null : local.first_bad_seq, local.ok && server.ok ? local.events + 1 : null];
      const first = Math.min(...seqs.filter((s): s is number => s !== null));
      console.log(`Audit chain BROKEN: first bad seq ${first}.`);
    }
    return ok ? 0 : 1;
  },
});

/** Every event in seq order, in the largest pages the API gives. */
async function* allEvents(client: Tollgate): AsyncGenerator<AuditEvent> {
  let cursor: string | undefined;
  do {
    const page = await client.audit.list({ cursor, limit: 200 });
    yield* page.items;
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
}
