import { z } from "zod";
import { ROLES } from "../policy/types";
import { ZId, ZPage } from "./common";

const ZEmail = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254));
const ZPassword = z.string().min(8, "must be at least 8 characters").max(200);

export const ZCreateToken = z.strictObject({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(200),
  org_id: ZId.optional(),
  name: z.string().min(1).max(100).optional(),
});

export const ZAddMember = z.strictObject({
  email: ZEmail,
  role: z.enum(ROLES),
  password: ZPassword.optional(),
  name: z.string().min(1).max(100).optional(),
});

export const ZUpdateMember = z.strictObject({ role: z.enum(ROLES) });

export const ZCreateAgent = z.strictObject({
  name: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, "letters, digits, space, dot, dash and underscore"),
  description: z.string().max(1000).optional(),
});

export const ZListQuery = z.strictObject({ ...ZPage });

export const ZBootstrap = z.strictObject({
  org: z.string().trim().min(1).max(100),
  email: ZEmail,
  password: ZPassword,
});
