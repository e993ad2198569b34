import { z } from "zod";
import { ZCondition } from "../policy/schema";
import { contract } from "../schemas/registry";

export type JsonSchema = Record<string, unknown>;

export interface ConvertedSchemas {
  /** components/schemas: every schema registered in the contract registry (lib/schemas/registry.ts). */
  components: Record<string, JsonSchema>;
  /** `{$ref}` to a named component; throws for a schema the contract registry does not name. */
  refOf(schema: z.ZodType): JsonSchema;
  /** The JSON Schema of an unnamed schema (query objects, headers), or the component of a named one. */
  inlineOf(schema: z.ZodType): JsonSchema;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const combinator = (key: "all" | "any") => ({
  type: "object",
  properties: { [key]: { type: "array", minItems: 1, items: ref("PolicyCondition") } },
  required: [key],
  additionalProperties: false,
});

/**
 * JSON Schema for zod schemas JSON Schema cannot express. A `when` condition is validated by
 * depth-bounded custom schemas (lib/policy/schema-condition.ts) for readable messages; its shape
 * is this recursion, nested at most MAX_CONDITION_DEPTH levels. The leaf is generated from zod.
 */
const HAND_WRITTEN = new Map<z.core.$ZodType, JsonSchema>([
  [
    ZCondition,
    {
      description: "{field, op, value} | {all: [...]} | {any: [...]} | {not: {...}}; at most 16 levels deep.",
      oneOf: [
        ref("PolicyLeafCondition"),
        combinator("all"),
        combinator("any"),
        { type: "object", properties: { not: ref("PolicyCondition") }, required: ["not"], additionalProperties: false },
      ],
    },
  ],
]);

/**
 * zod → JSON Schema draft 2020-12 (the dialect of OpenAPI 3.1) in one pass over the contract
 * registry, so a schema shared by several others is one component referenced by $ref. `io: "input"`
 * describes what a client may send: fields with defaults are optional, transforms show their input
 * type. That view fits the response schemas too: they have no defaults or transforms, and plain
 * objects stay open to extra fields (the contract allows them).
 */
export function convertSchemas(): ConvertedSchemas {
  const params = {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: ({ zodSchema, message }: { zodSchema: z.core.$ZodType; message: string }) => {
      const written = handWritten(zodSchema);
      if (!written) throw new Error(`${message} (add it to HAND_WRITTEN in lib/openapi/json-schemas.ts)`);
      return structuredClone(written);
    },
  } as const;
  const { schemas } = z.toJSONSchema(contract, { ...params, uri: (id) => ref(id).$ref });
  // Each registry entry comes back as a standalone schema; inside an OpenAPI document they are
  // parts of one, so the standalone $schema/$id go.
  const tidy = (schema: JsonSchema) => {
    const { $schema: _schema, $id: _id, ...rest } = schema;
    return rest;
  };

  const components = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, tidy(schema as JsonSchema)]));
  return {
    components,
    refOf(schema) {
      const name = contract.get(schema)?.id;
      if (!name) throw new Error("An operation uses a schema that the contract registry (lib/schemas/registry.ts) does not name");
      return ref(name);
    },
    inlineOf(schema) {
      const name = contract.get(schema)?.id;
      return name ? components[name] : tidy(z.toJSONSchema(schema, params) as JsonSchema);
    },
  };
}

/**
 * The hand-written JSON Schema of `schema`, or of the schema it was derived from: zod also
 * converts the parents of a refined schema (z.custom() under its .superRefine()).
 */
function handWritten(schema: z.core.$ZodType): JsonSchema | undefined {
  for (const [key, written] of HAND_WRITTEN) {
    for (let s: z.core.$ZodType | undefined = key; s; s = s._zod.parent) if (s === schema) return written;
  }
  return undefined;
}
