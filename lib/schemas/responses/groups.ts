import { z } from "zod";
import { contract } from "../registry";
import { ZList, ZNullableTimestamp, ZTimestamp } from "./common";

export const ZGroup = z.object({
  id: z.string(),
  name: z.string(),
  member_ids: z.array(z.string()),
  created_at: ZTimestamp,
  updated_at: ZTimestamp,
}).register(contract, { id: "Group" });

export const ZGroupList = ZList(ZGroup).register(contract, { id: "GroupList" });

export const ZGroupDeleted = z.object({ name: z.string(), deleted: z.literal(true) }).register(contract, { id: "GroupDeleted" });

export const ZAvailabilityState = z.object({
  user_id: z.string(),
  away_until: ZNullableTimestamp,
}).register(contract, { id: "AvailabilityState" });
