import type { z } from "zod";
import type { ZQueueItem } from "@/lib/schemas/responses/approvals";

/** A queue item as GET /approvals answers it. */
export type QueueItem = z.output<typeof ZQueueItem>;
