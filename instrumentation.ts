// Next.js calls register() once per server process: start the background sweeper, the webhook
// delivery worker, the audit chainer and the notifier (mail and Slack) there (each instance runs
// all four; each is safe to run on many instances at once).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startSweeper } = await import("./lib/domain/intents/start-sweeper");
  const { startDeliveryWorker } = await import("./lib/domain/webhooks/start-delivery-worker");
  const { startAuditChainer } = await import("./lib/domain/audit/start-audit-chainer");
  const { startNotifier } = await import("./lib/notify/start-notifier");
  startSweeper();
  startDeliveryWorker();
  startAuditChainer();
  startNotifier();
}
