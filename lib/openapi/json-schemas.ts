import { z } from "zod";
import { HAND_WRITTEN, SCHEMA_COMPONENTS } from "./components";

export type JsonSchema = Record<string, unknown>;

const INLINE_PREFIX = "__inline_";

export interface ConvertedSchemas {
  /** components/schemas: every SCHEMA_COMPONENTS entry. */
  components: Record<string, JsonSchema>;
  /** `{$ref}` to a named component; throws for a schema SCHEMA_COMPONENTS does not name. */
  refOf(schema: z.ZodType): JsonSchema;
  /** The JSON Schema of one of the `inline` schemas given to convertSchemas (query objects, headers). */
  inlineOf(schema: z.ZodType): JsonSchema;
}

/**
 * zod → JSON Schema draft 2020-12 (the dialect of OpenAPI 3.1) in one pass, so a schema shared by
 * several others is one component referenced by $ref. `io: "input"` describes what a client may
 * send: fields with defaults are optional, transforms show their input type. That view fits the
 * response schemas too: they have no defaults or transforms, and plain objects stay open to
 * extra fields (the contract allows them).
 */
export function convertSchemas(inline: z.ZodType[]): ConvertedSchemas {
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodType, string>();
  for (const [name, schema] of Object.entries(SCHEMA_COMPONENTS)) {
    registry.add(schema, { id: name });
    names.set(schema, name);
  }
  const inlineIds = new Map<z.ZodType, string>();
  for (const schema of new Set(inline)) {
    if (names.has(schema)) continue;
    const id = `${INLINE_PREFIX}${inlineIds.size}`;
    registry.add(schema, { id });
    inlineIds.set(schema, id);
  }

  const { schemas } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "input",
    uri: (id) => `#/components/schemas/${id}`,
    unrepresentable: ({ zodSchema, message }) => {
      const written = handWritten(zodSchema);
      if (!written) throw new Error(`${message} (add it to HAND_WRITTEN in lib/openapi/components.ts)`);
      return structuredClone(written);
    },
  });
  // Each registry entry comes back as a standalone schema; inside an OpenAPI document they are
  // parts of one, so the standalone $schema/$id go.
  const tidy = (schema: JsonSchema) => {
    const { $schema: _schema, $id: _id, ...rest } = schema;
    return rest;
  };

  const components: Record<string, JsonSchema> = {};
  for (const name of names.values()) components[name] = tidy(schemas[name] as JsonSchema);
  return {
    components,
    refOf(schema) {
      const name = names.get(schema);
      if (!name) throw new Error("An operation uses a schema that lib/openapi/components.ts does not name");
      return { $ref: `#/components/schemas/${name}` };
    },
    inlineOf(schema) {
      const name = names.get(schema);
      if (name) return components[name];
      const id = inlineIds.get(schema);
      if (!id) throw new Error("Schema was not passed to convertSchemas as inline");
      return tidy(schemas[id] as JsonSchema);
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
