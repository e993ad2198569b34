import fc from "fast-check";
import type { Role } from "../../lib/roles";
import { APP_ORIGIN } from "./passkeys";
import type { ParamKind } from "./route-table";
import type { SeededOrg } from "./two-orgs";
import { hostileString } from "./fuzz-json";

/**
 * Hostile headers, credentials, query strings and path ids for the fuzzing suite. Everything is
 * generated as a recipe (printable, shrinkable, free of the run's random ids) and turned into the
 * actual request against the seeded orgs by the functions below.
 */

/**
 * What a header value becomes on the wire: Node hands non-ASCII bytes to the app as Latin-1
 * characters, refuses NUL, CR and LF outright (400 before any app code), and trims the ends.
 */
export function onTheWire(value: string): string {
  return new Headers({ x: Buffer.from(value, "utf8").toString("latin1").replace(/[\0\r\n]/g, "") }).get("x") ?? "";
}

// ---------------------------------------------------------------- extra headers

/** Headers with dedicated generators (credentials, body type, host) stay out of the noise. */
export const headerNoise: fc.Arbitrary<[string, string][]> = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(
        "idempotency-key", "accept", "accept-encoding", "accept-language", "user-agent", "x-forwarded-for", "x-forwarded-proto",
        "x-real-ip", "referer", "if-none-match", "range", "last-event-id", "x-request-id", "forwarded", "content-encoding",
        "x-http-method-override", "expect", "sec-fetch-site", "x-middleware-subrequest",
      ),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/).map((name) => `x-${name}`).filter((name) => name !== "x-forwarded-host"),
    ),
    fc.oneof(hostileString, fc.constantFrom("gzip", "DELETE", "same-origin", "100-continue", "bytes=0-0", "middleware:middleware:middleware")),
  ),
  { maxLength: 3 },
);

export function noiseHeaders(noise: [string, string][]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of noise) headers[name] = headers[name] ? `${headers[name]}, ${onTheWire(value)}` : onTheWire(value);
  return headers;
}

/** Content-Type values, including none at all, duplicates (joined as Headers joins them) and lies. */
export type ContentType = { omit: true } | { value: string };
export const contentTypeArb: fc.Arbitrary<ContentType> = fc.oneof(
  fc.constant({ omit: true as const }),
  fc.record({
    value: fc.oneof(
      fc.constantFrom(
        "application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "APPLICATION/JSON", "text/plain",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=----x", "application/yaml", "text/yaml",
        "application/json, application/json", "application/json, application/yaml", "", ";", "application/json;;;", "*/*",
        "application/vnd.api+json", `application/json${"; x=y".repeat(300)}`, "application/xml", "application/json\u00e9",
      ),
      hostileString,
    ),
  }),
);

// ---------------------------------------------------------------- bearer tokens

type TokenRef = "agent" | "helperAgent" | Role | "exec" | "foreignAgent" | "foreignAdmin";
const tokenRef = fc.constantFrom<TokenRef>("agent", "helperAgent", "admin", "viewer", "approver", "publisher", "exec", "foreignAgent", "foreignAdmin");

export function tokenOf(ref: TokenRef, A: SeededOrg, B: SeededOrg): string {
  if (ref === "agent" || ref === "helperAgent") return A[ref].key;
  if (ref === "exec") return A.exec.token;
  if (ref === "foreignAgent") return B.agent.key;
  if (ref === "foreignAdmin") return B.admin.token;
  return A[ref].token;
}

type TokenMutation =
  | { op: "flip"; at: number }
  | { op: "append"; text: string }
  | { op: "truncate"; keep: number }
  | { op: "upper" }
  | { op: "prefix"; prefix: string }
  | { op: "insert"; at: number; text: string }
  | { op: "repeat"; times: number }
  | { op: "percentEncode" };

const tokenMutation: fc.Arbitrary<TokenMutation> = fc.oneof(
  fc.record({ op: fc.constant("flip" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("append" as const), text: fc.oneof(hostileString, fc.constantFrom("=", "%00", "\u200b", ".", "x")) }),
  fc.record({ op: fc.constant("truncate" as const), keep: fc.nat() }),
  fc.constant({ op: "upper" as const }),
  fc.record({ op: fc.constant("prefix" as const), prefix: fc.constantFrom("tg_agent_", "tg_user_", "tg_exec_", "tg_admin_", "tg_", "", "TG_AGENT_", "tg_user_tg_agent_") }),
  fc.record({ op: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom("\u200b", "é", " ", "\t", "%20", "ü", "\u202e") }),
  fc.record({ op: fc.constant("repeat" as const), times: fc.integer({ min: 2, max: 2000 }) }),
  fc.constant({ op: "percentEncode" as const }),
);

function mutateToken(token: string, m: TokenMutation): string {
  const secret = token.replace(/^tg_[a-z]+_/, "");
  switch (m.op) {
    case "flip": {
      const at = m.at % token.length;
      return `${token.slice(0, at)}${token[at] === "A" ? "B" : "A"}${token.slice(at + 1)}`;
    }
    case "append":
      return token + m.text;
    case "truncate":
      return token.slice(0, m.keep % token.length);
    case "upper":
      return token.toUpperCase();
    case "prefix":
      return m.prefix + secret;
    case "insert": {
      const at = m.at % (token.length + 1);
      return token.slice(0, at) + m.text + token.slice(at);
    }
    case "repeat":
      return token.repeat(m.times);
    case "percentEncode":
      return [...token].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("");
  }
}

/** Authorization headers that identify nobody: each is built so that it cannot be a live token. */
export type AuthVariant =
  | { kind: "literal"; value: string }
  | { kind: "scheme"; scheme: string; token: TokenRef }
  | { kind: "mutated"; scheme: string; token: TokenRef; mutation: TokenMutation }
  | { kind: "unknown"; prefix: string; secret: string }
  | { kind: "two"; first: TokenRef; second: TokenRef; separator: string };

export const authVariant: fc.Arbitrary<AuthVariant> = fc.oneof(
  fc.record({
    kind: fc.constant("literal" as const),
    value: fc.oneof(
      fc.constantFrom("", " ", "Bearer", "Bearer ", "bearer", "Bearer\t", "Bearer null", "Bearer undefined", "Bearer [object Object]", "Basic YWRtaW46YWRtaW4=", "Negotiate", "Bearer Bearer"),
      hostileString,
      hostileString.map((s) => `Bearer ${s}`),
    ),
  }),
  fc.record({
    kind: fc.constant("scheme" as const),
    scheme: fc.constantFrom("", "Token", "Basic", "Bearer:", "Bearer=", "BearerX", "Bearer-", "JWT", "Digest", "Bearer\u00a0", "Bearer\u200b", "Bearer,"),
    token: tokenRef,
  }),
  fc.record({ kind: fc.constant("mutated" as const), scheme: fc.constantFrom("Bearer ", "bearer ", "BEARER  "), token: tokenRef, mutation: tokenMutation }),
  fc.record({
    kind: fc.constant("unknown" as const),
    prefix: fc.constantFrom("tg_agent_", "tg_user_", "tg_exec_", "tg_", "tg_pat_", ""),
    secret: fc.oneof(fc.stringMatching(/^[0-9A-Za-z]{0,80}$/), hostileString, fc.constantFrom("0".repeat(43), "A".repeat(100_000))),
  }),
  fc.record({ kind: fc.constant("two" as const), first: tokenRef, second: tokenRef, separator: fc.constantFrom(" ", ", Bearer ", ",", " Bearer ", "\t") }),
);

/** The header value on the wire, or null when the recipe happens to rebuild a live token. */
export function authHeader(variant: AuthVariant, A: SeededOrg, B: SeededOrg): string | null {
  let value: string;
  if (variant.kind === "literal") value = variant.value;
  else if (variant.kind === "scheme") value = `${variant.scheme} ${tokenOf(variant.token, A, B)}`;
  else if (variant.kind === "mutated") value = `${variant.scheme}${mutateToken(tokenOf(variant.token, A, B), variant.mutation)}`;
  else if (variant.kind === "unknown") value = `Bearer ${variant.prefix}${variant.secret}`;
  else value = `Bearer ${tokenOf(variant.first, A, B)}${variant.separator}${tokenOf(variant.second, A, B)}`;
  const wire = onTheWire(value);
  const live = [A, B].flatMap((o) => [o.agent.key, o.helperAgent.key, o.admin.token, o.viewer.token, o.approver.token, o.publisher.token]);
  return live.some((token) => new RegExp(`^bearer\\s+${token}\\s*$`, "i").test(wire)) ? null : wire;
}

// ---------------------------------------------------------------- session cookies and origins

const SESSION_NAMES = ["next-auth.session-token", "__Secure-next-auth.session-token"];

/** Cookie values that are no live session: forged, foreign, expired, cut or garbage JWTs and percent junk. */
export type CookieValue = { jwt: number } | { cut: number } | { reversed: true } | { extraSegment: string } | { text: string };
export const cookieValue: fc.Arbitrary<CookieValue> = fc.oneof(
  fc.record({ jwt: fc.nat() }),
  fc.record({ cut: fc.double({ min: 0, max: 0.5, noNaN: true }) }),
  fc.constant({ reversed: true as const }),
  fc.record({ extraSegment: fc.constantFrom(".x", ".", "..", ".eyJ9") }),
  fc.record({ text: fc.oneof(hostileString, fc.constantFrom("%", "%zz", "%E0%A4%A", "%ff", "%00", "%ED%A0%80", "a%2", "=", "\"quoted\"", "deleted")) }),
);

/**
 * Turns a cookie value recipe into text. `forged` are session JWTs the server must refuse
 * (another secret, a non-member, no org, expired); `live` is a live session JWT that the
 * `cut`, `reversed` and `extraSegment` recipes break.
 */
export function cookieText(value: CookieValue, forged: string[], live: string): string {
  if ("jwt" in value) return forged[value.jwt % forged.length];
  if ("cut" in value) return live.slice(0, Math.floor(live.length * value.cut));
  if ("reversed" in value) return live.split(".").reverse().join(".");
  if ("extraSegment" in value) return live + value.extraSegment;
  return value.text;
}

export interface CookieRecipe {
  pairs: { name: string; value: CookieValue }[];
  separator: string;
}

export const cookieNames = fc.oneof(
  fc.constantFrom(...SESSION_NAMES, "next-auth.session-token.0", "Next-Auth.Session-Token", " next-auth.session-token", "next-auth.csrf-token", "theme", "a", "__Host-x"),
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/),
);

/** Cookie headers with no live session in them (any names, including the session cookie's). */
export const deadCookies: fc.Arbitrary<CookieRecipe> = fc.record({
  pairs: fc.array(fc.record({ name: cookieNames, value: cookieValue }), { minLength: 1, maxLength: 4 }),
  separator: fc.constantFrom("; ", ";", " ; ", ";;"),
});

/** Unrelated cookies to send next to a live session: names that cannot be read as the session's. */
export const otherCookies: fc.Arbitrary<CookieRecipe> = fc.record({
  pairs: fc.array(
    fc.record({ name: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/).filter((n) => !n.toLowerCase().includes("session")), value: cookieValue }),
    { maxLength: 3 },
  ),
  separator: fc.constant("; "),
});

export function cookieHeader(recipe: CookieRecipe, forged: string[], live: string, session?: { at: number; value: string }): string {
  const parts = recipe.pairs.map((p) => {
    // What is left of a value once it is a cookie: no separators, no control characters.
    const text = cookieText(p.value, forged, live).replace(/[;\0\r\n]/g, "");
    return `${p.name}=${text}`;
  });
  if (session) parts.splice(session.at % (parts.length + 1), 0, `next-auth.session-token=${session.value}`);
  return onTheWire(parts.join(recipe.separator));
}

/** Origins that are not this site (nor differently cased spellings of it). */
export const foreignOrigin: fc.Arbitrary<string | null> = fc
  .oneof(
    fc.constant(null),
    fc.constantFrom(
      "null", "https://evil.example", "http://localhost:3000.evil.example", "http://localhost:30001", "http://localhost", "https://localhost:3000",
      "http://127.0.0.1:3000", "http://[::1]:3000", "http://localhost:3000/", "http://localhost:3000/api/v1", `${APP_ORIGIN}, ${APP_ORIGIN}`,
      `https://evil.example, ${APP_ORIGIN}`, "http://user@localhost:3000", "file://", "chrome-extension://abcdef", "http://localhost:3000:3000",
      "http://xn--localhost-.example", "*",
    ),
    fc.webUrl().map((url) => new URL(url).origin),
    hostileString,
  )
  .filter((origin) => origin === null || onTheWire(origin).toLowerCase() !== APP_ORIGIN);

/** Headers a forged request might add to pass as same-site; none of them may count. */
export const sameSiteClaims: fc.Arbitrary<Record<string, string>> = fc.record(
  { referer: fc.constant(`${APP_ORIGIN}/approvals`), "sec-fetch-site": fc.constant("same-origin"), "x-requested-with": fc.constant("XMLHttpRequest") },
  { requiredKeys: [] },
);

// ---------------------------------------------------------------- query strings

export interface QueryParam {
  name: string;
  value: string;
  /** Sent without percent-encoding (junk like %zz or a bare % goes out as it is). */
  raw: boolean;
}

const b64 = (text: string) => Buffer.from(text).toString("base64url");

const dateLike = fc.oneof(
  fc.constantFrom(
    "-271821-04-20T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "0000-01-01T00:00:00Z", "-001000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z",
    "2026-03-01T00:00:00.000Z", "1970-01-01T00:00:00Z", "2026-02-30", "garbage", "", "1", "0", "-1", "8.64e15", "0001-01-01T00:00:00+01:00",
  ),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

export const cursorValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("garbage", "0", "-1", "99999999999999999999", "2147483648", "2147483647", "1e400", "null", "[]", "{}", " ", "A".repeat(600)),
  hostileString,
  fc.jsonValue().map((v) => b64(JSON.stringify(v) ?? "null")),
  fc.tuple(dateLike, fc.oneof(hostileString, fc.constantFrom("int_00000000000000000000", "\u0000", "a\u0000b", "|", "x".repeat(300))), fc.constantFrom("|", "||", "")).map(
    ([date, id, sep]) => b64(`${date}${sep}${id}`),
  ),
  fc.base64String(),
);

const limitValue = fc.oneof(
  fc.constantFrom("-1", "0", "1", "200", "201", "1e9", "1e2", "abc", "", " 5", "+5", "0x10", "1.5", "Infinity", "NaN", "-0", "٣", "9".repeat(400), "1,2"),
  fc.integer().map(String),
);

const instantValue = fc.oneof(
  dateLike,
  fc.constantFrom("0001-01-01", "9999-12-31", "2026-01-01T00:00:00+14:00", "2026-01-01T00:00:00-23:59", "2026-01-01T24:00:00Z", "2026-13-01", "2026-01-01T00:00:00.123456789Z"),
);

/** ?wait= values for an intent that is not pending: whatever is accepted answers at once. */
export const waitValue = fc.oneof(
  fc.constantFrom("0", "1", "60", "61", "-1", "1.5", "abc", "", "1e9", "Infinity", "NaN", "0x3c", " 5", "+1", "01", "1e1", "-0", "9".repeat(400), "٣"),
  fc.integer().map(String),
);

const KNOWN_NAMES = [
  "limit", "cursor", "status", "action", "agent", "include_resolved", "risk_tag", "environment", "type", "actor", "subject", "format", "from", "to", "wait", "q", "since",
];

const paramName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom("Limit", "LIMIT", "limit[]", "limit[0]", "__proto__", "constructor", "", " limit", "limit ", "li%6dit") },
  { weight: 1, arbitrary: hostileString },
);

const valueFor = (name: string): fc.Arbitrary<string> => {
  if (name === "limit") return limitValue;
  if (name === "cursor") return cursorValue;
  if (name === "from" || name === "to" || name === "since") return instantValue;
  if (name === "wait") return waitValue;
  return fc.oneof(hostileString, fc.constantFrom("true", "false", "1", "0", "maybe", "pending", "allowed", "csv", "json", "xml"));
};

const RAW_JUNK = ["%", "%zz", "%E0%A4%A", "%ED%A0%80", "%C0%AF", "%00", "+", "%2B", "a=b", "&", "%26", "?", "%", "%%", "%u0041"];

const queryParam: fc.Arbitrary<QueryParam> = fc.oneof(
  { weight: 4, arbitrary: paramName.chain((name) => valueFor(name).map((value) => ({ name, value, raw: false }))) },
  { weight: 1, arbitrary: fc.record({ name: fc.oneof(paramName, fc.constantFrom(...RAW_JUNK)), value: fc.constantFrom(...RAW_JUNK), raw: fc.constant(true) }) },
);

/** A query of up to six parameters, repeats allowed. */
export const queryArb: fc.Arbitrary<QueryParam[]> = fc.array(queryParam, { maxLength: 6 });

export function queryString(params: QueryParam[]): string {
  if (params.length === 0) return "";
  const enc = (text: string) => encodeURIComponent(text);
  return `?${params.map((p) => (p.raw ? `${p.name}=${p.value}` : `${enc(p.name)}=${enc(p.value)}`)).join("&")}`;
}

// ---------------------------------------------------------------- path ids

const FAMILIES: ParamKind[][] = [["pendingIntent", "allowedIntent", "executedIntent"], ["agent"], ["member"], ["token"], ["lease"], ["passkey"], ["review"], ["webhook"], ["delivery"], ["invitation"], ["group"], ["notification"]];
const ALL_KINDS = FAMILIES.flat();

/** Ids that belong to nothing the route may touch: random text, org B's ids, org A's ids of other kinds, or near-misses of A's own. */
export type IdRecipe =
  | { random: string }
  | { long: string; times: number }
  | { foreign: ParamKind }
  | { otherKind: number }
  | { nearOwn: "upper" | "padded" | "suffix" | "percentEncoded" | "dotted"; text: string };

export const idRecipe: fc.Arbitrary<IdRecipe> = fc.oneof(
  fc.record({
    random: fc.oneof(
      hostileString,
      fc.constantFrom("a/b", "../agents", "%2F", "%", "..", ".", "?x=1", "#", "a\u0000b", "\u0000", "int_' OR 1=1 --", "%00", "null", "undefined", "[id]", "0", "-1"),
    ),
  // "." and ".." are dot segments: a URL resolves them away before any server sees them.
  }).filter((r) => r.random.length > 0 && r.random !== "." && r.random !== ".."),
  fc.record({ long: fc.constantFrom("x", "é", "/", "%"), times: fc.constantFrom(65, 200, 5000, 20_000) }),
  fc.record({ foreign: fc.constantFrom(...ALL_KINDS) }),
  fc.record({ otherKind: fc.nat() }),
  fc.record({ nearOwn: fc.constantFrom("upper", "padded", "suffix", "percentEncoded", "dotted"), text: fc.constantFrom(" ", "x", "/", "/..", "%00", "\t", "\u200b") }),
);

/** The id a recipe stands for, in a segment of kind `kind`; never one of org A's ids of that kind. */
export function idFor(recipe: IdRecipe, kind: ParamKind, A: SeededOrg, B: SeededOrg): string {
  if ("random" in recipe) return recipe.random;
  if ("long" in recipe) return recipe.long.repeat(recipe.times);
  if ("foreign" in recipe) return B.ids[recipe.foreign];
  const family = FAMILIES.find((f) => f.includes(kind))!;
  if ("otherKind" in recipe) {
    const others = ALL_KINDS.filter((k) => !family.includes(k));
    return A.ids[others[recipe.otherKind % others.length]];
  }
  const own = A.ids[kind];
  const near = {
    upper: own.toUpperCase(),
    padded: `${recipe.text}${own}${recipe.text}`,
    suffix: `${own}${recipe.text}`,
    percentEncoded: [...own].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(""),
    dotted: `${own}/../${own}`,
  }[recipe.nearOwn];
  return family.some((k) => A.ids[k] === near) ? `${near}x` : near;
}
