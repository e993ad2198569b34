import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type JSONWebKeySet, compactVerify, createLocalJWKSet, decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../../lib/canonical-json";
import { signDueCheckpoints } from "../../lib/domain/audit/checkpoints";
import { rotateSigningKey } from "../../lib/signing/signing-keys";
import { EvidenceVerificationError, verifyAuditExport, verifyReceipt } from "../../sdk/src/evidence";
import { type TestOrg, createTestOrg } from "../factories/org";
import { call } from "../helpers/api";
import { execute, executeBody, propose } from "../helpers/intents";
import { queueAuditEvents, sqlExec, sqlRows } from "../helpers/sql";

// Evidence that stands outside the database: the instance's Ed25519 keys (published as a JWK
// Set), signed checkpoints of each org's chain, and signed receipts of executions. Every check
// here verifies with jose and the JWK Set alone (not with the server's code), and every attack
// is one a person with write access to the database could make.

const ROOT = path.resolve(import.meta.dirname, "../..");
const POLICY = `
version: 1
default: deny
rules:
  - id: refunds
    match: { action: payment.refund }
    decision: allow
  - id: deploys
    match: { action: deploy.release }
    decision: require_approval
    approvals: 2
`;

const jwks = async (): Promise<JSONWebKeySet> => (await call("GET", "/.well-known/jwks.json")).body;
const verify = async (org: TestOrg, full = false) => (await call("GET", `/api/v1/audit/verify${full ? "?full=true" : ""}`, { token: org.admin.token })).body;
const checkpoints = async (org: TestOrg) => (await call("GET", "/api/v1/audit/checkpoints?limit=200", { token: org.admin.token })).body.items as { seq: number; hash: string; at: string; kid: string; jws: string }[];

/** Appends `n` events straight through the domain (a busy org, quickly), and chains them. */
const addEvents = (org: TestOrg, n: number) => queueAuditEvents(org.orgId, n, "j");

/** Moves the org's checkpoints a minute back, as if that long had passed since the last was signed. */
async function ageCheckpoints(org: TestOrg) {
  await sqlExec("UPDATE audit_checkpoints SET at = at - interval '61 seconds' WHERE org_id = $1", org.orgId);
}

async function eventCount(orgId: string) {
  return (await sqlRows<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE org_id = $1", orgId))[0].n;
}

/** An agent's refund, executed: the shortest way to a receipt. */
async function executedRefund(org: TestOrg) {
  const agent = await org.agent();
  const intent = await propose(agent.key, { action: "payment.refund", amount: 12, currency: "USD", payload: { charge: "ch_1", amount: 12 } });
  expect((await execute(agent.key, intent.id, executeBody(intent))).status).toBe(200);
  return { agent, intent };
}

let org: TestOrg;
beforeAll(async () => {
  org = await createTestOrg();
  await org.setPolicy(POLICY);
});

describe("GET /.well-known/jwks.json", () => {
  it("publishes public Ed25519 keys only, with no authentication, and keeps retired keys after a rotation", async () => {
    const before = await jwks();
    expect(before.keys.length).toBeGreaterThanOrEqual(1);
    for (const key of before.keys) {
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
      expect(key).not.toHaveProperty("d");
    }
    const current = before.keys[0].kid;
    const rotated = await rotateSigningKey();
    expect(rotated.retired).toEqual([current]);
    const after = await jwks();
    expect(after.keys.map((k) => [k.kid, (k as { status: string }).status])).toEqual(
      expect.arrayContaining([[rotated.kid, "current"], [current, "retired"]]),
    );
    expect((after.keys[0] as { status: string }).status).toBe("current");
  });

  it("stores the private key sealed: not readable from the database, and bound to its own row", async () => {
    const rows = await sqlRows<{ kid: string; sealed_private_jwk: string }>("SELECT kid, sealed_private_jwk FROM signing_keys");
    for (const row of rows) {
      expect(row.sealed_private_jwk).toMatch(/^v1:/);
      expect(row.sealed_private_jwk).not.toContain('"d"');
      expect(Buffer.from(row.sealed_private_jwk.slice(3), "base64url").toString("utf8")).not.toContain("OKP");
    }
  });
});

describe("signed checkpoints", () => {
  it("signs the head of a new chain at the first sweep, lists it, and raises audit.checkpoint", async () => {
    const fresh = await createTestOrg();
    await addEvents(fresh, 5);
    await signDueCheckpoints();
    const [first] = await checkpoints(fresh);
    const n = await eventCount(fresh.orgId);
    expect(first.seq).toBe(n);
    const { payload, protectedHeader } = await compactVerify(first.jws, createLocalJWKSet(await jwks()), { algorithms: ["EdDSA"] });
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", typ: "tollgate-checkpoint", kid: first.kid });
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ org_id: fresh.orgId, seq: n, hash: first.hash, at: first.at });
    const head = (await sqlRows<{ hash: string }>("SELECT hash FROM audit_events WHERE org_id = $1 AND seq = $2", fresh.orgId, n))[0];
    expect(first.hash).toBe(head.hash);
    const raised = await sqlRows<{ data: { seq: number; jws: string } }>("SELECT data FROM events WHERE org_id = $1 AND type = 'audit.checkpoint'", fresh.orgId);
    expect(raised.map((e) => e.data.seq)).toEqual([n]);
    expect(raised[0].data.jws).toBe(first.jws);
    // Nothing new: nothing more is signed.
    await signDueCheckpoints();
    expect(await checkpoints(fresh)).toHaveLength(1);
  });

  it("signs every 1,000th event as it is chained, and the head once the last checkpoint is a minute old", async () => {
    const busy = await createTestOrg();
    await addEvents(busy, 2500);
    const n = await eventCount(busy.orgId);
    // The sequencer signed in the batches' own transactions, before any sweep.
    expect((await checkpoints(busy)).map((c) => c.seq)).toEqual([1000, 2000]);
    // The rest waits while the last checkpoint is recent; a minute later the sweeper signs the head.
    await signDueCheckpoints();
    expect((await checkpoints(busy)).map((c) => c.seq)).toEqual([1000, 2000]);
    await ageCheckpoints(busy);
    await signDueCheckpoints();
    expect((await checkpoints(busy)).map((c) => c.seq)).toEqual([1000, 2000, n]);
    await addEvents(busy, 3);
    await signDueCheckpoints();
    expect((await checkpoints(busy)).map((c) => c.seq)).toEqual([1000, 2000, n]);
    await ageCheckpoints(busy);
    await signDueCheckpoints();
    expect((await checkpoints(busy)).map((c) => c.seq)).toEqual([1000, 2000, n, n + 3]);
  });

  it("signs every 1,000 events through the sweeper too, re-checking the links, when the sequencer could not sign", async () => {
    const busy = await createTestOrg();
    await addEvents(busy, 2100);
    await sqlExec("DELETE FROM audit_checkpoints WHERE org_id = $1", busy.orgId);
    await signDueCheckpoints();
    const n = await eventCount(busy.orgId);
    expect((await checkpoints(busy)).map((c) => c.seq)).toEqual([1000, 2000, n]);
  });

  it("never signs past a link that does not verify", async () => {
    const victim = await createTestOrg();
    await addEvents(victim, 10);
    await sqlExec(`UPDATE audit_events SET data = '{"j": 999}' WHERE org_id = $1 AND seq = 4`, victim.orgId);
    await signDueCheckpoints();
    expect(await checkpoints(victim)).toEqual([]);
  });
});

describe("GET /audit/verify with checkpoints", () => {
  async function signedOrg(events = 30) {
    const o = await createTestOrg();
    await addEvents(o, events);
    await ageCheckpoints(o);
    await signDueCheckpoints();
    expect(await verify(o)).toMatchObject({ ok: true, checkpoints: Math.ceil(events / 1000) });
    return o;
  }

  it("fails when the head is missing", async () => {
    const o = await signedOrg();
    const n = await eventCount(o.orgId);
    await sqlExec("DELETE FROM audit_heads WHERE org_id = $1", o.orgId);
    expect(await verify(o)).toEqual({ ok: false, first_bad_seq: n + 1, events: n, reason: "head_missing" });
  });

  it("fails when the newest events are deleted together with the head, and with the head rewritten to match", async () => {
    const o = await signedOrg();
    await addEvents(o, 1);
    const n = await eventCount(o.orgId);
    const signedAt = n - 1;
    await sqlExec("DELETE FROM audit_events WHERE org_id = $1 AND seq >= $2", o.orgId, signedAt - 4);
    const last = (await sqlRows<{ seq: number; hash: string }>("SELECT seq, hash FROM audit_events WHERE org_id = $1 ORDER BY seq DESC LIMIT 1", o.orgId))[0];
    await sqlExec("UPDATE audit_heads SET seq = $2, hash = $3 WHERE org_id = $1", o.orgId, last.seq, last.hash);
    expect(await verify(o)).toMatchObject({ ok: false, first_bad_seq: last.seq + 1, reason: "events_missing_after_checkpoint" });
  });

  it("fails when the chain is rewritten with every hash recomputed: it disagrees with the signature", async () => {
    const o = await signedOrg();
    const rows = await sqlRows<{ seq: number; at: string; actor_type: string; actor_id: string | null; type: string; subject_type: string; subject_id: string; data: unknown }>(
      `SELECT seq, to_char(at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, actor_type, actor_id, type, subject_type, subject_id, data
       FROM audit_events WHERE org_id = $1 ORDER BY seq`,
      o.orgId,
    );
    let prev = "0".repeat(64);
    for (const row of rows) {
      const data = row.seq === 7 ? { j: "rewritten" } : row.data;
      const hashed = { seq: row.seq, at: row.at, actor: { type: row.actor_type, id: row.actor_id }, type: row.type, subject: { type: row.subject_type, id: row.subject_id }, data, prev_hash: prev };
      const hash = createHash("sha256").update(prev + canonicalJson(hashed)).digest("hex");
      await sqlExec("UPDATE audit_events SET data = $3::jsonb, prev_hash = $4, hash = $5 WHERE org_id = $1 AND seq = $2", o.orgId, row.seq, JSON.stringify(data), prev, hash);
      prev = hash;
    }
    await sqlExec("UPDATE audit_heads SET hash = $2 WHERE org_id = $1", o.orgId, prev);
    expect(await verify(o)).toMatchObject({ ok: false, first_bad_seq: rows.length, reason: "checkpoint_mismatch" });
  });

  it("fails on a checkpoint row whose signature does not hold, or that was copied from another org", async () => {
    const o = await signedOrg();
    const [cp] = await checkpoints(o);
    const [header, payload, signature] = cp.jws.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), hash: "f".repeat(64) })).toString("base64url");
    await sqlExec("UPDATE audit_checkpoints SET jws = $3 WHERE org_id = $1 AND seq = $2", o.orgId, cp.seq, `${header}.${forged}.${signature}`);
    expect(await verify(o)).toMatchObject({ ok: false, first_bad_seq: cp.seq, reason: "checkpoint_signature_invalid" });

    const other = await signedOrg(40);
    const [theirs] = await checkpoints(other);
    const mine = await signedOrg(40);
    await sqlExec("DELETE FROM audit_checkpoints WHERE org_id = $1", mine.orgId);
    await sqlExec("INSERT INTO audit_checkpoints (org_id, seq, hash, at, kid, jws) VALUES ($1, $2, $3, now(), $4, $5)", mine.orgId, theirs.seq, theirs.hash, theirs.kid, theirs.jws);
    expect(await verify(mine)).toMatchObject({ ok: false, reason: "checkpoint_signature_invalid" });
  });

  it("answers a repeat from the verified part, and still catches an edit in it", async () => {
    const o = await signedOrg(2600);
    expect(await verify(o)).toMatchObject({ ok: true, verified_from: 2000 });
    expect(await verify(o, true)).toMatchObject({ ok: true, verified_from: 0 });
    expect(await verify(o)).toMatchObject({ ok: true, verified_from: 2000 });
    // An edit inside the verified part, hash untouched: the chunk digest changes, so verify runs cold.
    await sqlExec(`UPDATE audit_events SET data = '{"j": "edited"}' WHERE org_id = $1 AND seq = 1500`, o.orgId);
    expect(await verify(o)).toMatchObject({ ok: false, first_bad_seq: 1500, reason: "hash_mismatch" });
  });
});

describe("GET /intents/{id}/receipt", () => {
  it("signs what executed: verifiable with jose and the JWK Set alone", async () => {
    const { agent, intent } = await executedRefund(org);
    await call("POST", `/api/v1/intents/${intent.id}/result`, { token: agent.key, body: { status: "succeeded" } });
    const res = await call("GET", `/api/v1/intents/${intent.id}/receipt`, { token: agent.key });
    expect(res.status).toBe(200);
    const { payload, protectedHeader } = await compactVerify(res.body.jws, createLocalJWKSet(await jwks()), { algorithms: ["EdDSA"] });
    expect(protectedHeader.typ).toBe("tollgate-receipt");
    const signed = JSON.parse(new TextDecoder().decode(payload));
    expect(signed).toMatchObject({
      intent_id: intent.id,
      org_id: org.orgId,
      action: "payment.refund",
      payload_hash: `sha256:${createHash("sha256").update(canonicalJson({ charge: "ch_1", amount: 12 })).digest("hex")}`,
      policy_snapshot: intent.decision.policy_snapshot,
      decision: { outcome: "allow", rule_id: "refunds" },
      approvals: [],
      revisions: [],
      result_status: "succeeded",
    });
    const event = (await sqlRows<{ seq: number; hash: string; type: string }>("SELECT seq, hash, type FROM audit_events WHERE org_id = $1 AND subject_id = $2 ORDER BY seq DESC LIMIT 1", org.orgId, intent.id))[0];
    expect(event.type).toBe("intent.succeeded");
    expect(signed.audit).toEqual({ seq: event.seq, hash: event.hash });
    // A member may read it too; the bare JWS on request.
    const bare = await call("GET", `/api/v1/intents/${intent.id}/receipt`, { token: org.admin.token, headers: { accept: "application/jose" } });
    expect(bare.headers.get("content-type")).toBe("application/jose");
    expect(String(bare.body).split(".")).toHaveLength(3);
  });

  it("names each approver, with step-up or not", async () => {
    const agent = await org.agent();
    const [a, b] = [await org.user("approver"), await org.user("approver")];
    const intent = await propose(agent.key, { action: "deploy.release", payload: { v: 2 } });
    await call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: a.token, body: { reason: "looks right" } });
    await call("POST", `/api/v1/approvals/${intent.id}/approve`, { token: b.token, body: { reason: "agreed" } });
    const approved = (await call("GET", `/api/v1/intents/${intent.id}`, { token: agent.key })).body;
    expect((await execute(agent.key, intent.id, executeBody(approved))).status).toBe(200);
    const receipt = await verifyReceipt((await call("GET", `/api/v1/intents/${intent.id}/receipt`, { token: agent.key })).body, { jwks: await jwks() });
    expect(receipt.approvals.map((x) => [x.user_id, x.step_up])).toEqual([[a.userId, false], [b.userId, false]]);
    expect(receipt.result_status).toBeNull();
  });

  it("exists only after execution, and only for its agent and its org's members", async () => {
    const agent = await org.agent();
    const pending = await propose(agent.key, { action: "deploy.release", payload: {} });
    expect((await call("GET", `/api/v1/intents/${pending.id}/receipt`, { token: agent.key })).body.error.code).toBe("not_executed");
    const { intent } = await executedRefund(org);
    const stranger = await org.agent();
    expect((await call("GET", `/api/v1/intents/${intent.id}/receipt`, { token: stranger.key })).status).toBe(404);
    const elsewhere = await createTestOrg();
    expect((await call("GET", `/api/v1/intents/${intent.id}/receipt`, { token: elsewhere.admin.token })).status).toBe(404);
    expect((await call("GET", `/api/v1/intents/${intent.id}/receipt`)).status).toBe(401);
  });

  it("is refused by verifyReceipt when tampered with, when it is a checkpoint, or for another payload", async () => {
    const { agent, intent } = await executedRefund(org);
    const receipt = (await call("GET", `/api/v1/intents/${intent.id}/receipt`, { token: agent.key })).body;
    const keys = await jwks();
    const [h, p, s] = receipt.jws.split(".");
    const swapped = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, "base64url").toString()), payload_hash: "sha256:00" })).toString("base64url");
    await expect(verifyReceipt(`${h}.${swapped}.${s}`, { jwks: keys })).rejects.toMatchObject({ reason: "bad_signature" });
    const fresh = await createTestOrg();
    await addEvents(fresh, 2);
    await signDueCheckpoints();
    const [cp] = await checkpoints(fresh);
    await expect(verifyReceipt(cp.jws, { jwks: keys })).rejects.toMatchObject({ reason: "wrong_type" });
    await expect(verifyReceipt(receipt, { jwks: keys, payloadHash: "sha256:other" })).rejects.toBeInstanceOf(EvidenceVerificationError);
    await expect(verifyReceipt(receipt, { jwks: { keys: keys.keys.filter((k) => k.kid !== decodeProtectedHeader(receipt.jws).kid) } })).rejects.toMatchObject({ reason: "bad_signature" });
    expect((await verifyReceipt(receipt, { jwks: keys, intentId: intent.id, payloadHash: intent.payload_hash })).intent_id).toBe(intent.id);
  });

  it("still verifies after the key that signed it is rotated out", async () => {
    const { agent, intent } = await executedRefund(org);
    const receipt = (await call("GET", `/api/v1/intents/${intent.id}/receipt`, { token: agent.key })).body;
    await rotateSigningKey();
    expect((await verifyReceipt(receipt, { jwks: await jwks() })).intent_id).toBe(intent.id);
  });
});

/** Runs `npm run cli -- …` as a user would (through tsx), answering its exit code and output. */
function runCli(args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync("npx", ["tsx", "scripts/cli.ts", ...args], { cwd: ROOT, encoding: "utf8", stdio: "pipe" }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

describe("npm run cli -- receipt verify / keys rotate", () => {
  it("verifies a saved receipt offline (JSON or bare JWS) and refuses a tampered one or another intent's", async () => {
    const { agent, intent } = await executedRefund(org);
    const answer = (await call("GET", `/api/v1/intents/${intent.id}/receipt`, { token: agent.key })).body;
    const dir = mkdtempSync(path.join(tmpdir(), "tg-receipt-"));
    const keysFile = path.join(dir, "jwks.json");
    writeFileSync(keysFile, JSON.stringify(await jwks()));
    const save = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const json = runCli(["receipt", "verify", save("receipt.json", JSON.stringify(answer)), "--jwks", keysFile]);
    expect(json).toMatchObject({ code: 0, out: expect.stringContaining(`Receipt verified: intent ${intent.id} (payment.refund)`) });
    expect(json.out).toContain(intent.payload_hash);
    expect(runCli(["receipt", "verify", save("receipt.jws", answer.jws), "--jwks", keysFile, "--intent", intent.id]).code).toBe(0);
    const other = runCli(["receipt", "verify", save("receipt2.jws", answer.jws), "--jwks", keysFile, "--intent", "int_someone_else"]);
    expect(other).toMatchObject({ code: 1, out: expect.stringMatching(/NOT verified \(mismatch\)/) });
    const [h, p, sig] = answer.jws.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, "base64url").toString()), result_status: "succeeded" })).toString("base64url");
    expect(runCli(["receipt", "verify", save("forged.jws", `${h}.${forged}.${sig}`), "--jwks", keysFile])).toMatchObject({ code: 1, out: expect.stringMatching(/NOT verified \(bad_signature\)/) });
  });

  it("rotates the signing key in the database: the new one signs, the old one stays published", async () => {
    const rotated = runCli(["keys", "rotate", "--json"]);
    expect(rotated.code).toBe(0);
    const { kid, retired } = JSON.parse(rotated.out) as { kid: string; retired: string[] };
    const keys = (await jwks()).keys as { kid: string; status: string }[];
    expect(keys.find((k) => k.kid === kid)?.status).toBe("current");
    for (const old of retired) expect(keys.find((k) => k.kid === old)?.status).toBe("retired");
  });
});

describe("the export as evidence, offline", () => {
  it("holds the events and the checkpoints; the SDK and the CLI verify it with the JWK Set alone and catch each tampering", async () => {
    const o = await createTestOrg();
    await addEvents(o, 1200);
    await ageCheckpoints(o);
    await signDueCheckpoints();
    const file = (await call("GET", "/api/v1/audit/export?format=json", { token: o.admin.token })).body;
    expect(file.org_id).toBe(o.orgId);
    expect(file.filtered).toBe(false);
    expect(file.events).toHaveLength(await eventCount(o.orgId));
    expect(file.checkpoints.map((c: { seq: number }) => c.seq)).toEqual([1000, file.events.length]);
    const keys = await jwks();
    expect(await verifyAuditExport(file, { jwks: keys })).toMatchObject({ ok: true, checkpoints: 2, partial: false });

    const dir = mkdtempSync(path.join(tmpdir(), "tg-evidence-"));
    const keysFile = path.join(dir, "jwks.json");
    writeFileSync(keysFile, JSON.stringify(keys));
    const cli = (name: string, content: unknown) => {
      const target = path.join(dir, name);
      writeFileSync(target, JSON.stringify(content));
      return runCli(["audit", "verify", "--export", target, "--jwks", keysFile]);
    };
    expect(cli("intact.json", file)).toMatchObject({ code: 0, out: expect.stringMatching(/Audit export ok: \d+ events, 2 signed checkpoints/) });
    const edited = { ...file, events: file.events.map((e: { seq: number; data: unknown }) => (e.seq === 500 ? { ...e, data: { j: "edited" } } : e)) };
    expect(cli("edited.json", edited)).toMatchObject({ code: 1, out: expect.stringMatching(/first bad seq 500/) });
    const truncated = { ...file, events: file.events.slice(0, 1100) };
    expect(cli("truncated.json", truncated)).toMatchObject({ code: 1, out: expect.stringMatching(/first bad seq 1101 .*missing/) });
    const badCheckpoint = { ...file, checkpoints: [{ ...file.checkpoints[0], hash: "e".repeat(64) }, file.checkpoints[1]] };
    expect(cli("checkpoint.json", badCheckpoint)).toMatchObject({ code: 1, out: expect.stringMatching(/first bad seq 1000/) });
  });
});
