import { z } from "zod";
import { contract } from "./registry";
import { ZId, ZPage, ZTimestamp } from "./common";
import { ZProposeIntent } from "./intents";

export const ZSimulatePolicy = z.strictObject({
  /** The candidate document: YAML/JSON text or an already-parsed object. */
  policy: z.union([z.string().min(1).max(200_000), z.record(z.string(), z.unknown())]),
  since: ZTimestamp.optional(),
  /** Recorded intent ids, or hypothetical proposals (with an optional agent name). */
  intents: z
    .array(z.union([ZId, ZProposeIntent.extend({ agent: z.string().min(1).max(100).optional() })]))
    .max(500)
    .optional(),
  limit: z.number().int().min(1).max(1000).default(500),
}).register(contract, { id: "SimulatePolicy" });
export type TSimulatePolicy = z.output<typeof ZSimulatePolicy>;

export const ZPolicyVersionsQuery = z.strictObject({ ...ZPage });

export const ZValidatePolicy = z.strictObject({
  /** The document text as the editor holds it; empty text is a (reported) invalid document, not a bad request. */
  policy: z.string().max(200_000),
  format: z.enum(["yaml", "json"]).default("yaml"),
}).register(contract, { id: "ValidatePolicy" });
export type TValidatePolicy = z.output<typeof ZValidatePolicy>;
