import { z } from "zod";
import { ZPage } from "./common";

export const ZAuditQuery = z.strictObject({
  ...ZPage,
  type: z.string().min(1).max(100).optional(),
});
