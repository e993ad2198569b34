import { z } from "zod";
import { ZBooleanFlag, ZPage } from "./common";

const ZAuditFilters = {
  type: z.string().min(1).max(100).optional(),
  /** Actor id: a user or agent id. */
  actor: z.string().min(1).max(200).optional(),
  /** Subject id: an intent, agent, user, token, policy snapshot, … */
  subject: z.string().min(1).max(200).optional(),
};

export const ZAuditQuery = z.strictObject({ ...ZPage, ...ZAuditFilters });

export const ZAuditExportQuery = z.strictObject({
  format: z.enum(["csv", "json"]).default("csv"),
  ...ZAuditFilters,
});
export type TAuditExportQuery = z.output<typeof ZAuditExportQuery>;

export const ZAuditCheckpointsQuery = z.strictObject({ ...ZPage });

export const ZAuditVerifyQuery = z.strictObject({
  /** Verify from the genesis, not from the point this instance verified last. */
  full: ZBooleanFlag.default(false),
});
