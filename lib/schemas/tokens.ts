import { z } from "zod";
import { contract } from "./registry";
import { ZPage } from "./common";

export const TOKEN_MAX_DAYS = 365;

export const ZCreatePersonalToken = z.strictObject({
  name: z.string().trim().min(1, "must not be empty").max(100),
  /** Lifetime in whole days, 1–365 (default 30). */
  expires_in_days: z.int().min(1).max(TOKEN_MAX_DAYS).default(30),
}).register(contract, { id: "CreatePersonalToken" });
export type TCreatePersonalToken = z.output<typeof ZCreatePersonalToken>;

export const ZListTokensQuery = z.strictObject({ ...ZPage });
