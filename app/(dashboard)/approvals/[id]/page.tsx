import { IntentDetailPage } from "@/components/intents/intent-detail-page";

export const dynamic = "force-dynamic";

/** One queue item in full: payload, diff, decisions log and the decision form. */
export default async function ApprovalDetailPage({ params }: { params: Promise<{ id: string }> }) {
  return IntentDetailPage({ id: (await params).id, back: { href: "/approvals", label: "Queue" } });
}
