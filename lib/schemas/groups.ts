import { z } from "zod";
import { GROUP_NAME, GROUP_NAME_RULE } from "../policy/schema";
import { ZId, ZTimestamp } from "./common";
import { contract } from "./registry";

export const ZGroupName = z.string().regex(GROUP_NAME, GROUP_NAME_RULE);

/** Members of a group: user ids of this organization, each once. */
const ZMemberIds = z
  .array(ZId)
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, "must not list a member twice");

export const ZCreateGroup = z.strictObject({
  name: ZGroupName,
  member_ids: ZMemberIds.describe("User ids of members of this organization."),
}).register(contract, { id: "CreateGroup" });

export const ZUpdateGroup = z
  .strictObject({ name: ZGroupName.optional(), member_ids: ZMemberIds.optional().describe("Replaces the group's members.") })
  .refine((body) => body.name !== undefined || body.member_ids !== undefined, "give name, member_ids or both")
  .register(contract, { id: "UpdateGroup" });

export const ZAvailability = z.strictObject({
  away_until: ZTimestamp.nullable().describe("Assignment skips you until then; null: available again."),
}).register(contract, { id: "Availability" });
