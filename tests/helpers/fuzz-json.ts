import { readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { MAX_BODY_BYTES } from "../../lib/http/read-body";

/**
 * JSON request bodies for the fuzzing suite, as data fast-check can generate, shrink and print:
 * a route's valid body turned into a tree, mutated by "noise" (which may or may not make it
 * invalid) and, for requests that must be refused, by one "poison" that surely does.
 */

/** A JSON value. Objects are entry lists (so "__proto__" and duplicate keys survive); `raw` is a
 * number literal JavaScript cannot keep as written (1e400, -0); `rep` a long string, short to print. */
export type J = null | boolean | number | string | J[] | JObject | JRaw | JRepeat;
export interface JObject {
  obj: [string, J][];
}
export interface JRaw {
  raw: string;
}
export interface JRepeat {
  rep: string;
  times: number;
}

const isObject = (j: J): j is JObject => typeof j === "object" && j !== null && !Array.isArray(j) && "obj" in j;

export function toTree(value: unknown): J {
  if (Array.isArray(value)) return value.map(toTree);
  if (value !== null && typeof value === "object") return { obj: Object.entries(value).map(([k, v]) => [k, toTree(v)]) };
  return value as J;
}

export function serialize(j: J): string {
  if (Array.isArray(j)) return `[${j.map(serialize).join(",")}]`;
  if (isObject(j)) return `{${j.obj.map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`).join(",")}}`;
  if (j !== null && typeof j === "object") return "raw" in j ? j.raw : JSON.stringify(j.rep.repeat(j.times));
  // NaN and ±Infinity have no JSON form; JSON.stringify would silently write null.
  if (typeof j === "number" && !Number.isFinite(j)) return String(j);
  return JSON.stringify(j);
}

type Step = number;
/** Every node below the root, as paths of child positions (array index or object entry index). */
function paths(tree: J, prefix: Step[] = []): Step[][] {
  const children: J[] = Array.isArray(tree) ? tree : isObject(tree) ? tree.obj.map(([, v]) => v) : [];
  return children.flatMap((child, i) => [[...prefix, i], ...paths(child, [...prefix, i])]);
}

function parentOf(tree: J, path: Step[]): { parent: J; index: number } {
  let node = tree;
  for (const step of path.slice(0, -1)) node = Array.isArray(node) ? node[step] : (node as JObject).obj[step][1];
  return { parent: node, index: path[path.length - 1] };
}

function get(tree: J, path: Step[]): J {
  if (path.length === 0) return tree;
  const { parent, index } = parentOf(tree, path);
  return Array.isArray(parent) ? parent[index] : (parent as JObject).obj[index][1];
}

function replace(tree: J, path: Step[], value: J): J {
  if (path.length === 0) return value;
  const { parent, index } = parentOf(tree, path);
  if (Array.isArray(parent)) parent[index] = value;
  else (parent as JObject).obj[index][1] = value;
  return tree;
}

/** The node `pick` chooses among the root's descendants (the root itself when there are none). */
const pickPath = (tree: J, pick: number, withRoot = false): Step[] => {
  const all = withRoot ? [[], ...paths(tree)] : paths(tree);
  return all.length === 0 ? [] : all[pick % all.length];
};

/**
 * Nodes that survive parsing: JSON.parse keeps only the last of duplicate keys, so a poison put
 * under an earlier duplicate would vanish. Only these nodes may carry one.
 */
function livePaths(tree: J, prefix: Step[] = []): Step[][] {
  if (Array.isArray(tree)) return tree.flatMap((child, i) => [[...prefix, i], ...livePaths(child, [...prefix, i])]);
  if (!isObject(tree)) return [];
  return tree.obj.flatMap(([key, child], i) =>
    tree.obj.findLastIndex(([k]) => k === key) === i ? [[...prefix, i], ...livePaths(child, [...prefix, i])] : [],
  );
}

const pickLivePath = (tree: J, pick: number): Step[] => {
  const all = [[], ...livePaths(tree)];
  return all[pick % all.length];
};

export type Noise =
  | { op: "drop"; pick: number }
  | { op: "set"; pick: number; value: J }
  | { op: "add"; pick: number; key: string; value: J }
  | { op: "wrap"; pick: number }
  | { op: "dupKey"; pick: number; value: J };

export function applyNoise(input: J, noise: Noise[]): J {
  let tree = structuredClone(input);
  // Values are copied in: generated values (constants above all) are shared between runs.
  for (const { ...n } of noise) {
    if ("value" in n) n.value = structuredClone(n.value);
    const path = pickPath(tree, n.pick, n.op === "add");
    if (path.length === 0 && n.op !== "add") continue;
    if (n.op === "drop") {
      const { parent, index } = parentOf(tree, path);
      if (Array.isArray(parent)) parent.splice(index, 1);
      else (parent as JObject).obj.splice(index, 1);
    } else if (n.op === "set") tree = replace(tree, path, n.value);
    else if (n.op === "wrap") tree = replace(tree, path, [get(tree, path)]);
    else if (n.op === "add") {
      const node = get(tree, path);
      if (isObject(node)) node.obj.push([n.key, n.value]);
      else if (Array.isArray(node)) node.push(n.value);
    } else {
      const { parent, index } = parentOf(tree, path);
      if (isObject(parent)) parent.obj.push([parent.obj[index][0], n.value]);
    }
  }
  return tree;
}

/** Refusals the body itself guarantees, whatever the noise did; `expected` says which answer. */
export type Poison =
  | { poison: "unknownKey"; key: string; value: J }
  | { poison: "notAnObject"; value: J; wrapRoot: boolean }
  | { poison: "unstorable"; pick: number; char: string; asKey: boolean }
  | { poison: "tooDeep"; pick: number; depth: number; objects: boolean }
  | { poison: "truncated"; keep: number }
  | { poison: "junkAround"; before: string; after: string }
  | { poison: "rawText"; text: string }
  | { poison: "rawBytes"; bytes: number[] }
  | { poison: "badUtf8"; at: number; bytes: number[] }
  | { poison: "oversize"; unit: string };

/** The bytes of a poisoned body. */
export function poisonedBody(input: J, noise: Noise[], poison: Poison): Uint8Array<ArrayBuffer> {
  let tree = applyNoise(input, noise);
  const encode = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
  switch (poison.poison) {
    case "unknownKey":
      if (isObject(tree)) tree.obj.push([poison.key, structuredClone(poison.value)]);
      else tree = { obj: [[poison.key, structuredClone(poison.value)]] };
      return encode(serialize(tree));
    case "notAnObject":
      return encode(serialize(poison.wrapRoot ? [tree] : poison.value));
    case "unstorable": {
      const path = pickLivePath(tree, poison.pick);
      const node = get(tree, path);
      if (poison.asKey || path.length === 0) {
        const target = isObject(node) ? node : isObject(tree) ? tree : null;
        if (target) target.obj.push([`k${poison.char}`, 1]);
        else tree = { obj: [[`k${poison.char}`, tree]] };
      } else tree = replace(tree, path, typeof node === "string" ? `${node}${poison.char}` : `v${poison.char}`);
      return encode(serialize(tree));
    }
    case "tooDeep": {
      const deep = `${(poison.objects ? '{"d":' : "[").repeat(poison.depth)}0${(poison.objects ? "}" : "]").repeat(poison.depth)}`;
      const path = pickLivePath(tree, poison.pick);
      tree = path.length === 0 ? { obj: [...(isObject(tree) ? tree.obj : []), ["deep", { raw: deep }]] } : replace(tree, path, { raw: deep });
      return encode(serialize(tree));
    }
    case "truncated": {
      const text = serialize(tree);
      return encode(text.slice(0, Math.max(1, Math.min(text.length - 1, Math.floor(text.length * poison.keep)))));
    }
    case "junkAround":
      return encode(`${poison.before}${serialize(tree)}${poison.after}`);
    case "rawText":
      return encode(poison.text);
    case "rawBytes":
      return Uint8Array.from(poison.bytes);
    case "badUtf8": {
      const bytes = encode(serialize(tree));
      const at = poison.at % (bytes.length + 1);
      return Uint8Array.from([...bytes.subarray(0, at), ...poison.bytes, ...bytes.subarray(at)]);
    }
    case "oversize": {
      const base = isObject(tree) ? tree.obj : [];
      const padding = Math.ceil((MAX_BODY_BYTES + 1) / new TextEncoder().encode(poison.unit).length);
      return encode(serialize({ obj: [...base, ["pad", { rep: poison.unit, times: padding }]] }));
    }
  }
}

/**
 * What a JSON route must answer for these bytes: 413 over 256 KiB, 400 invalid_json for text that
 * is not UTF-8 or not JSON, else (the poison guarantees it) 422 validation_failed. `parsedObject`
 * marks a raw body that happens to be a JSON object (or nothing at all), which no poison vouches for.
 */
export function jsonRefusal(bytes: Uint8Array): { status: number; code: string } | "parsedObject" {
  if (bytes.byteLength > MAX_BODY_BYTES) return { status: 413, code: "payload_too_large" };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { status: 400, code: "invalid_json" };
  }
  if (text.trim() === "") return "parsedObject";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { status: 400, code: "invalid_json" };
  }
  return value !== null && typeof value === "object" && !Array.isArray(value) ? "parsedObject" : { status: 422, code: "validation_failed" };
}

// ---------------------------------------------------------------- arbitraries

/** Strings that break things: empty, blank, bidi and zero-width, look-alike numbers, injections, long. */
export const HOSTILE_STRINGS = [
  "", " ", "\t\n", "\u202e", "\u200b", "\ufeff", "\u2028\u2029", "\u0001\u001f\u007f", "e\u0301", "😀", "\ud83d\ude00\u200d",
  "null", "undefined", "NaN", "Infinity", "-Infinity", "-0", "1e308", "0x10", "1_000", "٣",
  "__proto__", "constructor", "prototype", "toString", "<script>alert(1)</script>", "' OR '1'='1", "../../etc/passwd", "%00", "\\u0000",
  "$\u007bjndi:ldap://x}", "{{7*7}}", "*", "**", "?", "[", "\\",
  // Dates: valid RFC 3339 outside what PostgreSQL stores, impossible ones, and a plain good one.
  "2026-02-30T25:61:61Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00", "+275760-09-13T00:00:00.000Z",
  "-000001-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-03-01", "1e400", "int_00000000000000000000",
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.string({ unit: "grapheme" }),
);

const longString: fc.Arbitrary<JRepeat> = fc.record({ rep: fc.constantFrom("x", "é", "😀", " ", "\\"), times: fc.constantFrom(201, 1001, 10_001, 60_000) });

export const hostileNumber: fc.Arbitrary<number | JRaw> = fc.oneof(
  fc.constantFrom(0, -1, 1.5, 1e308, -1e308, 5e-324, 2 ** 53 + 2, -(2 ** 31), 2 ** 31, 2 ** 63, 1e16, 1e15 + 0.5, 0.1 + 0.2),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constantFrom("-0", "1e400", "-1e400", "1E-400", "123456789012345678901234567890", "0.0000000000000000000001", "1.0", "-0.0").map((raw) => ({ raw })),
);

/**
 * Every field name of every schema in lib/schemas (found by walking the zod definitions), so
 * noise also adds the optional fields a route's valid example leaves out.
 */
export const SCHEMA_FIELDS: string[] = await schemaFields();

async function schemaFields(): Promise<string[]> {
  const dir = path.resolve(import.meta.dirname, "../../lib/schemas");
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const walk = (schema: unknown) => {
    const def = (schema as { _zod?: { def?: Record<string, unknown> } } | undefined)?._zod?.def;
    if (!def || seen.has(schema)) return;
    seen.add(schema);
    for (const [key, field] of Object.entries((def.shape ?? {}) as Record<string, unknown>)) {
      names.add(key);
      walk(field);
    }
    for (const child of ["innerType", "element", "in", "out", "valueType", "left", "right"]) walk(def[child]);
    if (Array.isArray(def.options)) def.options.forEach(walk);
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    for (const value of Object.values(await import(path.join(dir, file)))) walk(value);
  }
  return [...names].sort();
}

/** Keys no request schema has, several of them special to JavaScript objects. */
export const unknownKey: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "then", "toJSON", "$where", "Action "),
    fc.string({ unit: "binary", maxLength: 20 }).map((s) => `?${s}`),
  )
  .filter((key) => !SCHEMA_FIELDS.includes(key));

const anyKey: fc.Arbitrary<string> = fc.oneof(unknownKey, hostileString, fc.constantFrom(...SCHEMA_FIELDS));

export const hostileValue: fc.Arbitrary<J> = fc.letrec<{ value: J }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.constantFrom(null, true, false),
    longString,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(anyKey, tie("value")), { maxLength: 4 }).map((obj) => ({ obj })),
    fc.integer({ min: 2, max: 60 }).map((depth) => ({ raw: `${"[".repeat(depth)}${"]".repeat(depth)}` })),
  ),
})).value;

/** One plain value of each JSON type: a field of the wrong type is the commonest mistake of all. */
const plainValue: fc.Arbitrary<J> = fc.constantFrom<J>(null, true, 0, "", [], { obj: [] });

export const noiseArb: fc.Arbitrary<Noise> = fc.oneof(
  fc.record({ op: fc.constant("drop" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("set" as const), pick: fc.nat(), value: hostileValue }),
  fc.record({ op: fc.constant("set" as const), pick: fc.nat(), value: plainValue }),
  fc.record({ op: fc.constant("add" as const), pick: fc.nat(), key: anyKey, value: hostileValue }),
  fc.record({ op: fc.constant("wrap" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("dupKey" as const), pick: fc.nat(), value: hostileValue }),
);

const scalarOrArray: fc.Arbitrary<J> = fc.oneof(hostileString, hostileNumber, fc.constantFrom(null, true, false), fc.array(hostileValue, { maxLength: 3 }));

export const poisonArb: fc.Arbitrary<Poison> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ poison: fc.constant("unknownKey" as const), key: unknownKey, value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ poison: fc.constant("notAnObject" as const), value: scalarOrArray, wrapRoot: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ poison: fc.constant("unstorable" as const), pick: fc.nat(), char: fc.constantFrom("\u0000", "\ud800", "\udfff", "\udc00\ud800"), asKey: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ poison: fc.constant("tooDeep" as const), pick: fc.nat(), depth: fc.integer({ min: 65, max: 5000 }), objects: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ poison: fc.constant("truncated" as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      poison: fc.constant("junkAround" as const),
      before: fc.constantFrom("", "x", "\ufeff\ufeff", "[", ")]}'\n", "//", "{"),
      after: fc.constantFrom("}", ",", "]", "x", "\u0000", " {}", "/*", "\n{\"a\":1}"),
    }),
  },
  { weight: 2, arbitrary: fc.record({ poison: fc.constant("rawText" as const), text: fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.json()) }) },
  { weight: 1, arbitrary: fc.record({ poison: fc.constant("rawBytes" as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      poison: fc.constant("badUtf8" as const),
      at: fc.nat(),
      bytes: fc.constantFrom<number[]>([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80]),
    }),
  },
  { weight: 1, arbitrary: fc.record({ poison: fc.constant("oversize" as const), unit: fc.constantFrom("x", "é", "😀") }) },
);
