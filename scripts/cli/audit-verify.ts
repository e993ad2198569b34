import { type AuditCheckpoint, type AuditEvent, type AuditExport, checkAuditChain, verifyAuditExport } from "@tollgate/sdk";
import { defineCommand } from "./command";
import { jwksSource, readJson } from "./evidence-input";
import { openSession } from "./session";

export const auditVerify = defineCommand({
  usage: "audit verify [--export <file>] [--jwks <url|file>] [--json]",
  help: `
Verifies the organization's hash-chained audit trail and its signed checkpoints.

Online (default): twice, the server's own check (GET /api/v1/audit/verify, which also compares
the chain's end with its head record) and an independent one here, reading every event and
checkpoint and recomputing hash = sha256(prev_hash + canonical JSON of the event without hash)
from the genesis, each checkpoint's EdDSA signature, that the chain agrees with every checkpoint
and reaches the last one.

Offline (--export): the same independent check of a file from GET /api/v1/audit/export?format=json,
with no database and no login; only the keys (--jwks) are needed. A filtered export is not a
contiguous chain: then each event's own hash and every checkpoint's signature are checked.

Prints "ok" with the event count, or the first bad seq; exit code 0 when the chain is intact, 1 otherwise.

  --export <file>    verify this exported chain offline
  --jwks <url|file>  the signer's keys (default: /.well-known/jwks.json of TOLLGATE_URL or the saved login)
  --json             {"ok", "server"?: {…}, "client": {…}}`,
  options: { export: { type: "string" }, jwks: { type: "string" }, json: { type: "boolean" } },
  async run({ export: file, jwks, json }) {
    if (file) {
      const local = await verifyAuditExport(readJson(file) as AuditExport, { jwks: jwksSource(jwks) });
      if (json) console.log(JSON.stringify({ ok: local.ok, client: local }, null, 2));
      else if (local.ok) console.log(`Audit export ok: ${local.events} events, ${local.checkpoints} signed checkpoints${local.partial ? " (filtered export: each event's own hash checked, not the links)" : ""}.`);
      else console.log(`Audit export BROKEN: first bad seq ${local.first_bad_seq} (${local.problem}).`);
      return local.ok ? 0 : 1;
    }
    const { client, url } = openSession();
    const server = await client.audit.verify();
    const checkpoints = await allOf((cursor) => client.audit.checkpoints({ cursor, limit: 200 }));
    const local = await checkAuditChain(allOf((cursor) => client.audit.list({ cursor, limit: 200 })), { checkpoints: await collect(checkpoints), jwks: jwksSource(jwks ?? `${url}/.well-known/jwks.json`) });
    // Events appended between the two reads only make the local count larger; fewer means loss.
    const ok = server.ok && local.ok && local.events >= server.events;
    if (json) {
      console.log(JSON.stringify({ ok, server, client: local }, null, 2));
      return ok ? 0 : 1;
    }
    console.log(`server: ${server.ok ? `ok, ${server.events} events, ${server.checkpoints} checkpoints` : `broken at seq ${server.first_bad_seq} (${server.reason})`}`);
    console.log(`client: ${local.ok ? `ok, ${local.events} events recomputed, ${local.checkpoints} checkpoints verified` : `broken at seq ${local.first_bad_seq} (${local.problem})`}`);
    if (ok) console.log(`Audit chain ok: ${local.events} events.`);
    else {
      const seqs = [server.ok ? null : server.first_bad_seq, local.ok ? null : local.first_bad_seq, local.ok && server.ok ? local.events + 1 : null];
      const first = Math.min(...seqs.filter((s): s is number => s !== null));
      console.log(`Audit chain BROKEN: first bad seq ${first}.`);
    }
    return ok ? 0 : 1;
  },
});

type Pager<T> = (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>;

/** Every item of a list, in the largest pages the API gives. */
async function* allOf<T extends AuditEvent | AuditCheckpoint>(page: Pager<T>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    yield* next.items;
    cursor = next.next_cursor ?? undefined;
  } while (cursor);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
