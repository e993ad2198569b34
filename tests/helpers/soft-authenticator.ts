import { type KeyObject, createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

/**
 * A software WebAuthn authenticator for tests: an ES256 (P-256) key pair per credential,
 * attestation format "none", written from the WebAuthn spec with Node's crypto and a minimal CBOR
 * encoder (deliberately not @simplewebauthn's own helpers, so it checks the verifier rather than
 * agreeing with it by construction). Every signed field can be overridden so tests can forge the
 * bad cases: another origin or RP ID, a counter that goes backwards, no user verification.
 */

export interface SoftCredential {
  /** base64url credential id, as the server stores it. */
  id: string;
  privateKey: KeyObject;
  /** COSE_Key bytes (what a verified registration stores as the public key). */
  cosePublicKey: Uint8Array;
  /** The signature counter this authenticator last reported; assert() moves it forward. */
  counter: number;
  /** user.id from the registration options (base64url), returned as userHandle. */
  userHandle?: string;
  transports: string[];
}

export interface Forgery {
  /** clientDataJSON.origin (default: the authenticator's origin). */
  origin?: string;
  /** The RP ID whose SHA-256 opens authenticatorData (default: the options' rpId, else the authenticator's). */
  rpId?: string;
  /** The counter to report; default: the credential's counter + 1 (0 at registration). */
  counter?: number;
  /** The UV flag (default true). */
  userVerified?: boolean;
  /** The UP flag (default true). */
  userPresent?: boolean;
  /** clientDataJSON.type (default webauthn.create / webauthn.get). */
  type?: string;
  /** clientDataJSON.challenge instead of the options' challenge. */
  challenge?: string;
}

export interface SoftAuthenticatorOptions {
  /** Default origin for clientDataJSON (default http://localhost:3000). */
  origin?: string;
  /** Default RP ID when the options name none (default localhost). */
  rpId?: string;
  transports?: string[];
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

const b64u = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString("base64url");
const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

export class SoftAuthenticator {
  readonly origin: string;
  readonly rpId: string;
  readonly transports: string[];
  readonly credentials: SoftCredential[] = [];

  constructor(options: SoftAuthenticatorOptions = {}) {
    this.origin = options.origin ?? "http://localhost:3000";
    this.rpId = options.rpId ?? "localhost";
    this.transports = options.transports ?? ["internal", "hybrid"];
  }

  /**
   * navigator.credentials.create(): a new credential and its attestation for these options. Given
   * `existing`, it attests that credential again instead (one key presented for a second enrolment,
   * as a cloned or shared authenticator would).
   */
  register(
    options: { challenge: string; rp?: { id?: string }; user?: { id?: string } },
    forge: Forgery = {},
    existing?: SoftCredential,
  ): { credential: SoftCredential; response: RegistrationResponseJSON } {
    const credential = existing ?? this.newCredential(options.user?.id, forge.counter ?? 0);
    const credentialId = Buffer.from(credential.id, "base64url");
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([
      this.authDataHead(forge.rpId ?? options.rp?.id, forge, FLAG_AT, forge.counter ?? credential.counter),
      Buffer.alloc(16), // AAGUID: all zeros for attestation "none"
      idLength,
      credentialId,
      credential.cosePublicKey,
    ]);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    if (!existing) this.credentials.push(credential);
    return {
      credential,
      response: {
        id: credential.id,
        rawId: credential.id,
        type: "public-key",
        response: {
          clientDataJSON: this.clientData("webauthn.create", options.challenge, forge),
          attestationObject: b64u(attestationObject),
          transports: [...credential.transports],
        },
        clientExtensionResults: {},
        authenticatorAttachment: "platform",
      },
    };
  }

  /**
   * navigator.credentials.get() with one credential: an assertion over authData ‖ SHA-256(clientDataJSON).
   * Unforged, the credential's counter moves forward by one, as a real authenticator's does; a
   * forged counter is reported as given and leaves the credential's own counter where it was.
   */
  assert(
    credential: SoftCredential,
    options: { challenge: string; rpId?: string },
    forge: Forgery = {},
  ): AuthenticationResponseJSON {
    const counter = forge.counter ?? credential.counter + 1;
    if (forge.counter === undefined) credential.counter = counter;
    const authData = this.authDataHead(forge.rpId ?? options.rpId, forge, 0, counter);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, forge);
    const signature = sign("sha256", Buffer.concat([authData, sha256(Buffer.from(clientDataJSON, "base64url"))]), credential.privateKey);
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key",
      response: {
        clientDataJSON,
        authenticatorData: b64u(authData),
        signature: b64u(signature), // DER-encoded ECDSA, as authenticators produce it
        ...(credential.userHandle ? { userHandle: credential.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform",
    };
  }

  private newCredential(userHandle: string | undefined, counter: number): SoftCredential {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" });
    const cosePublicKey = cbor(
      new Map<number, unknown>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
    return { id: b64u(randomBytes(32)), privateKey, cosePublicKey, counter, userHandle, transports: [...this.transports] };
  }

  /** rpIdHash (32) ‖ flags (1) ‖ signCount (4, big-endian). */
  private authDataHead(rpId: string | undefined, forge: Forgery, extraFlags: number, counter: number): Buffer {
    const flags = (forge.userPresent === false ? 0 : FLAG_UP) | (forge.userVerified === false ? 0 : FLAG_UV) | extraFlags;
    const signCount = Buffer.alloc(4);
    signCount.writeUInt32BE(counter);
    return Buffer.concat([sha256(rpId ?? this.rpId), Buffer.from([flags]), signCount]);
  }

  private clientData(type: string, challenge: string, forge: Forgery): string {
    const json = { type: forge.type ?? type, challenge: forge.challenge ?? challenge, origin: forge.origin ?? this.origin, crossOrigin: false };
    return b64u(Buffer.from(JSON.stringify(json)));
  }
}

/**
 * The CBOR subset WebAuthn needs (RFC 8949): unsigned and negative integers, byte strings, text
 * strings and maps, always in the shortest (canonical) length form.
 */
export function cbor(value: unknown): Buffer {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Error(`cbor: only integers are supported, got ${value}`);
    return value >= 0 ? head(0, value) : head(1, -1 - value);
  }
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map) {
    return Buffer.concat([head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
  }
  throw new Error(`cbor: unsupported value ${String(value)}`);
}

function head(major: number, n: number): Buffer {
  const m = major << 5;
  if (n < 24) return Buffer.from([m | n]);
  if (n < 0x100) return Buffer.from([m | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = m | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  if (n < 0x1_0000_0000) {
    const b = Buffer.alloc(5);
    b[0] = m | 26;
    b.writeUInt32BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = m | 27;
  b.writeBigUInt64BE(BigInt(n), 1);
  return b;
}
