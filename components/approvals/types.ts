import type { queueItem } from "@/lib/domain/approvals/list-approvals";

/** A queue item as the API and the queue page shape it. */
export type QueueItem = ReturnType<typeof queueItem>;
