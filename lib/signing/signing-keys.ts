import { type CryptoKey, type JWK, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from "jose";
import { open, seal } from "../auth/secret-box";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";

// The instance set's Ed25519 signing keys: every instance on this database signs with the one
// `current` key and publishes all of them (GET /.well-known/jwks.json), retired ones included,
// so a checkpoint or receipt signed before a rotation still verifies. The private half is stored
// sealed under TOLLGATE_SECRET; a database dump alone cannot sign.

export const SIGNING_ALG = "EdDSA";
const SEAL_PURPOSE = "signing-key";
/** How long an instance keeps signing with the key it read; a rotation elsewhere shows after this. */
const CURRENT_KEY_TTL_MS = 30_000;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

let cached: { key: SigningKey; readAt: number } | null = null;
const privateKeys = new Map<string, Promise<CryptoKey>>();

async function newKeyRow(): Promise<{ kid: string; publicJwk: JWK; sealedPrivateJwk: string }> {
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { crv: "Ed25519", extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, publicJwk, sealedPrivateJwk: seal(SEAL_PURPOSE, JSON.stringify(await exportJWK(privateKey)), kid) };
}

function privateKeyOf(row: { kid: string; sealedPrivateJwk: string }): Promise<CryptoKey> {
  let key = privateKeys.get(row.kid);
  if (!key) {
    // Throws when TOLLGATE_SECRET changed since the key was made: nothing is signed then (rotate).
    key = importJWK(JSON.parse(open(SEAL_PURPOSE, row.sealedPrivateJwk, row.kid)) as JWK, SIGNING_ALG) as Promise<CryptoKey>;
    key.catch(() => privateKeys.delete(row.kid));
    privateKeys.set(row.kid, key);
  }
  return key;
}

/** The key to sign with now; the first use on a new database makes it (concurrent first uses agree on one). */
export async function currentSigningKey(): Promise<SigningKey> {
  if (cached && Date.now() - cached.readAt < CURRENT_KEY_TTL_MS) return cached.key;
  let row = await db().signingKey.findFirst({ where: { status: "current" } });
  if (!row) {
    try {
      row = await db().signingKey.create({ data: { ...(await newKeyRow()), status: "current" } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      row = await db().signingKey.findFirstOrThrow({ where: { status: "current" } });
    }
  }
  const key = { kid: row.kid, privateKey: await privateKeyOf(row) };
  cached = { key, readAt: Date.now() };
  return key;
}

/** `npm run cli -- keys rotate`: a new current key; the old one stays published as retired. */
export async function rotateSigningKey(): Promise<{ kid: string; retired: string[] }> {
  const fresh = await newKeyRow();
  const retired = await db().$transaction(async (tx) => {
    const old = await tx.signingKey.findMany({ where: { status: "current" }, select: { kid: true } });
    await tx.signingKey.updateMany({ where: { status: "current" }, data: { status: "retired", retiredAt: new Date() } });
    await tx.signingKey.create({ data: { ...fresh, status: "current" } });
    return old.map((k) => k.kid);
  });
  cached = null;
  return { kid: fresh.kid, retired };
}

export interface PublishedKey extends JWK {
  kid: string;
  status: "current" | "retired";
}

/** Every public key, current first, then retired newest first: the JWK Set's members. */
export async function publishedKeys(): Promise<PublishedKey[]> {
  const rows = await db().signingKey.findMany({ orderBy: [{ status: "asc" }, { createdAt: "desc" }] });
  return rows.map((row) => ({
    ...(row.publicJwk as JWK),
    kid: row.kid,
    alg: SIGNING_ALG,
    use: "sig",
    status: row.status === "current" ? "current" : "retired",
  }));
}
