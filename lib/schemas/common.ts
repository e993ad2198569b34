import { z } from "zod";

export const ZId = z.string().min(1).max(64);

/** ?limit= (default 50, max 200) and ?cursor= of every list route. */
export const ZPage = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
};

export const ZBooleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const ZJsonObject = z.record(z.string(), z.unknown());
export const ZEmptyBody = z.strictObject({});
