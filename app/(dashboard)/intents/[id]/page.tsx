import { IntentDetailPage } from "@/components/intents/intent-detail-page";

export const dynamic = "force-dynamic";

/** One intent from the history: the full record and its decisions log (the queue's detail view). */
export default async function IntentPage({ params }: { params: Promise<{ id: string }> }) {
  return IntentDetailPage({ id: (await params).id, back: { href: "/intents", label: "History", testId: "back-to-history" } });
}
