import { z } from "zod";

/** Every tool that acts on one request takes its id under this name. */
export const ZIntentId = z.string().min(1).max(64).describe("The intent_id that request_approval returned.");
